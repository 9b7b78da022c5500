# The dashboard's image: Debian's Python 3.11, Chromium and fonts (PNG/SVG/PDF exports), the pinned
# run-time requirements, a non-root user. Not built in CI: no container registry or Docker engine is
# reachable from the project's machines. tests/test_deploy.py checks that it installs the Debian
# packages .ci/run installs for the app (run_packages) and the requirements CI tests with.
#   docker build -t moskvich-dashboard:0.1.0 .
#   docker run -p 8501:8501 moskvich-dashboard:0.1.0
FROM debian:bookworm-slim

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        python3 python3-venv \
        chromium fonts-liberation fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN python3 -m venv /opt/venv
COPY requirements.txt /app/requirements.txt
RUN /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check -r /app/requirements.txt

RUN useradd --create-home --uid 10001 moskvich
WORKDIR /app
# The app, its data and .streamlit/config.toml; .dockerignore leaves out what only development needs.
COPY . .
# `python -m moskvich update-rates` rewrites data/ in place (the Kubernetes CronJob, deploy/k8s/).
RUN chown -R moskvich:moskvich /app/data
USER moskvich

ENV PATH=/opt/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
CMD ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501"]
