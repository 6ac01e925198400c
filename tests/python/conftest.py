import matplotlib

matplotlib.use("Agg")  # no screen on CI
