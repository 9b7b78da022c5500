"""Running the dashboard as replicas behind a load balancer: HAProxy here, Kubernetes in deploy/k8s/."""
