"""The Moskvich dashboard: sourced figures on the revived Moskvich plant, in any currency."""
