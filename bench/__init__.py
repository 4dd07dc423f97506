"""The benchmark suite: `bench/run` (bench/suite.py) and its parts."""
