"""CareCoord shared library: what crosses a service line and nothing else."""
