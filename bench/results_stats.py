"""The statistics of bench/RESULTS.md: a figure is a mean with the half-width of its 99.9 %
confidence interval (Student's t, JMH's definition, so C and Java error bars compare), and ratios
carry their errors combined in quadrature."""
import math

# t quantile 0.9995 (two-sided 99.9 %) by degrees of freedom
T_9995 = {1: 636.62, 2: 31.599, 3: 12.924, 4: 8.610, 5: 6.869, 6: 5.959, 7: 5.408, 8: 5.041,
          9: 4.781, 10: 4.587, 11: 4.437, 12: 4.318, 13: 4.221, 14: 4.140, 15: 4.073, 16: 4.015,
          17: 3.965, 18: 3.922, 19: 3.883, 20: 3.850, 25: 3.725, 30: 3.646, 40: 3.551, 60: 3.460}


class Figure:
    """A mean with its error; err is None when not measurable (one sample)."""

    def __init__(self, mean, err, alloc=None):
        self.mean, self.err, self.alloc = mean, err, alloc

    def text(self):
        if self.err is None or math.isnan(self.err):
            return f"{self.mean:.3f}"
        return f"{self.mean:.3f} ± {self.err:.3f}"


def t_quantile(df):
    keys = sorted(k for k in T_9995 if k <= df)
    return T_9995[keys[-1]] if keys else T_9995[1]


def sample_figure(values):
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return Figure(mean, None)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return Figure(mean, t_quantile(n - 1) * sd / math.sqrt(n))


def ratio(a, b):
    """a / b with the relative errors combined in quadrature."""
    if a is None or b is None or b.mean == 0:
        return None
    r = a.mean / b.mean
    if a.err is None or b.err is None or math.isnan(a.err) or math.isnan(b.err):
        return Figure(r, None)
    return Figure(r, r * math.hypot(a.err / a.mean, b.err / b.mean))


def paired(values, base):
    """Per-round ratios to the baseline: mean ± 99.9 % half-width (normal quantile), and the median."""
    ratios = [v / b for v, b in zip(values, base)]
    n = len(ratios)
    mean = sum(ratios) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in ratios) / (n - 1)) if n > 1 else float("nan")
    med = sorted(ratios)[n // 2] if n % 2 else sum(sorted(ratios)[n // 2 - 1:n // 2 + 1]) / 2
    return Figure(mean, 3.29 * sd / math.sqrt(n)), med
