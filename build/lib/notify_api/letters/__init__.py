"""Letters: rendering a templated letter as the A4 PDF a recipient would receive."""
