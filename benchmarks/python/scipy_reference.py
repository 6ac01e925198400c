"""An independent reference implementation of kneeload's stance model with
``scipy.integrate.solve_ivp`` (events), written from the model description in docs/model.md
and the published defaults in include/kneeload/constants.hpp, not from the C++ code.

It integrates one stance of the default runner (70 kg, 1.75 m, rearfoot, cushioned shoe,
rigid surface) for given touchdown controls and returns the contact time and the peak
vertical ground force, so that benchmarks/python/bench_sweep.py can compare both models'
answers and their speed in the same run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

G = 9.80665


def calibrated(name):
    """A calibrated model choice (the registry's default): the reference re-implements the
    equations, not the calibration."""
    import kneeload

    return kneeload.PARAMETERS[name].default


@dataclass
class Runner:
    mass_kg: float = 70.0
    height_m: float = 1.75
    lower_limb_fraction: float = 0.08  # Clark et al. 2017

    @property
    def thigh(self):  # Winter 2009 ratios
        return 0.245 * self.height_m

    @property
    def shank(self):
        return 0.246 * self.height_m

    @property
    def ankle_height(self):
        return 0.039 * self.height_m

    @property
    def foot(self):
        return 0.152 * self.height_m


def power_law(stiffness, reference, exponent):
    """Coefficient a of F = a d^n with secant stiffness `stiffness` at `reference`."""
    return stiffness * reference ** (1.0 - exponent)


def contact_law(body_weight):
    """Heel pad (Kinoshita 1993) + foam midsole in series, one power law through the exact
    points at 0.5 and 3 BW; Hunt-Crossley damping with squared compliance shares (+1 s/m that
    the caller removes: the lower limb's soft tissue is its own coupling now)."""
    pad = (power_law(50e3, 0.0113, 3.0), 3.0, 0.87)
    foam = (power_law(100e3, 0.010, 1.5), 1.5, 0.34)
    elements = [pad, foam]

    def compression(force):
        return sum((force / a) ** (1.0 / n) for a, n, _ in elements)

    def compliance(force):
        return sum((force / a) ** (1.0 / n) / (n * force) for a, n, _ in elements)

    f_low, f_high = 0.5 * body_weight, 3.0 * body_weight
    d_low, d_high = compression(f_low), compression(f_high)
    exponent = math.log(f_high / f_low) / math.log(d_high / d_low)
    coefficient = f_low / d_low**exponent
    f_mid = math.sqrt(f_low * f_high)
    total = compliance(f_mid)
    damping = 1.0 + sum(((f_mid / a) ** (1.0 / n) / (n * f_mid) / total) ** 2 * d for a, n, d in elements)
    return coefficient, exponent, damping


def smoothstep(q):
    q = min(1.0, max(0.0, q))
    return q * q * (3.0 - 2.0 * q)


def stance(control, runner=None, rtol=1e-10, atol=1e-12, knee_flexion_td_deg=None, find_peak=True):
    """One stance from touchdown to take-off (the contact unloading after the hip's lowest
    point). `control` holds touchdown_leg_angle_rad, hip_velocity_x_m_per_s,
    hip_velocity_y_m_per_s, leg_stiffness_n_per_m, unloading_stiffness_ratio and speed_m_per_s.
    Returns (contact_time_s, peak_vgrf_n)."""
    runner = runner or Runner()
    m_l = runner.lower_limb_fraction * runner.mass_kg
    m_f = 0.0145 * runner.mass_kg  # the foot (Winter 2009); the rest is soft tissue
    m_t = m_l - m_f
    m_b = runner.mass_kg - m_l
    coefficient, exponent, damping = contact_law(runner.mass_kg * G)
    damping -= 1.0  # no soft tissue in the stack: it is the wobbling mass's own coupling
    omega = 2.0 * math.pi * calibrated("lower_limb_tissue_frequency_hz")
    k_t, c_t = m_t * omega**2, 2.0 * calibrated("lower_limb_tissue_damping_ratio") * m_t * omega
    speed = control["speed_m_per_s"]
    if knee_flexion_td_deg is None:  # rearfoot: 11.7 deg at 3.5 m/s + 1.08 deg per m/s
        knee_flexion_td_deg = 11.7 + 1.08 * (speed - 3.5)
    # Foot: heel first at the origin, sole at 15 deg, the ankle 0.2 foot lengths ahead of the
    # heel and h above the sole; the ball 0.73 foot lengths from the heel.
    e_h, h, sole = 0.2 * runner.foot, runner.ankle_height, 0.73 * runner.foot
    s0 = math.radians(15.0)
    ankle = np.array([e_h * math.cos(s0) - h * math.sin(s0), e_h * math.sin(s0) + h * math.cos(s0)])
    theta = math.radians(knee_flexion_td_deg)
    d = math.sqrt(runner.thigh**2 + runner.shank**2 + 2 * runner.thigh * runner.shank * math.cos(theta))
    phi = control["touchdown_leg_angle_rad"]
    u = np.array([-math.sin(phi), math.cos(phi)])
    b = float(ankle @ u)
    rest = b + math.sqrt(b * b - float(ankle @ ankle) + d * d)
    hip_x0 = -rest * math.sin(phi)
    sweep = (2.0 * (0.0 - hip_x0) + sole) * calibrated("hip_sweep_factor")
    k1 = control["leg_stiffness_n_per_m"]
    k2 = k1 * control["unloading_stiffness_ratio"]
    retraction = calibrated("swing_leg_retraction_fraction")
    foot_speed = -control["hip_velocity_y_m_per_s"] + retraction * control["hip_velocity_x_m_per_s"] * math.tan(phi)

    flat, heel_off = calibrated("foot_flat_progress"), calibrated("heel_off_progress")

    force_velocity = calibrated("leg_force_velocity_s_per_m")
    unloading_exponent = calibrated("leg_unloading_exponent")
    switch = {"force": 0.0, "compression": 1.0}  # the unloading spring's F_s and c_s, set at the switch

    toe = calibrated("toe_cop_reach_per_foot_length") * runner.foot

    lead = calibrated("landing_cop_lead_fraction") * sole  # the COP's lead at foot flat
    timing = calibrated("cop_timing_exponent")
    early = calibrated("cop_early_reach_fraction")  # where the COP's early move ends, per sole
    pivot_below = calibrated("virtual_pivot_below_com_m")  # the force's line aims this far below G

    def rolling(x):  # the leg's rolling point: heel until foot flat, to the ball by heel-off, onto the toes
        p = (x - hip_x0) / sweep
        if p > heel_off:
            return sole + toe * smoothstep((p - heel_off) / (1.0 - heel_off))
        return sole * smoothstep((p - flat) / (heel_off - flat))

    def cop(x):  # docs/model.md: the lead by foot flat, then x_ball (l + (c - l) S(q^gamma) + (1 - c) S(q))
        p = (x - hip_x0) / sweep
        if p < flat:
            return lead * smoothstep(p / flat)  # the rolling point is still at the heel (0)
        if p < heel_off:
            q = (p - flat) / (heel_off - flat)
            return lead + (early * sole - lead) * smoothstep(q**timing) + (1.0 - early) * sole * smoothstep(q)
        return rolling(x)  # on the ball from heel off, then onto the toes

    def rolling_speed(x, vx):  # d rolling / dt: the smoothstep's slope 6 q (1 - q) inside each move
        p = (x - hip_x0) / sweep
        if p > heel_off:
            q, travel, span = (p - heel_off) / (1.0 - heel_off), toe, 1.0 - heel_off
        else:
            q, travel, span = (p - flat) / (heel_off - flat), sole, heel_off - flat
        return travel * 6.0 * q * (1.0 - q) / span * vx / sweep if 0.0 < q < 1.0 else 0.0

    def forces(y, loading, rest2, spring_only=False):
        x, yh, vx, vy, yf, vyf, yt, vyt = y
        # docs/model.md: the spring's length from the rolling point, the force along the line from the COP.
        lx, ly = x - rolling(x), yh - yf
        length = math.hypot(lx, ly)
        if loading:
            spring = k1 * (rest - length)
        else:
            # docs/model.md: after the switch F_s (c / c_s)^n in the compression c, linear beyond the rest length.
            c = rest2 - length
            nonlinear = unloading_exponent != 1.0 and c > 0.0 and switch["force"] > 0.0
            spring = switch["force"] * (c / switch["compression"]) ** unloading_exponent if nonlinear else k2 * c
        # docs/model.md: the leg's force is its spring's times (1 - a L'), L' its length's rate.
        length_rate = (lx * (vx - rolling_speed(x, vx)) + ly * (vy - vyf)) / length
        leg = spring if spring_only else spring * (1.0 - force_velocity * length_rate)
        delta, rate = -yf, -vyf
        ground = max(0.0, coefficient * delta**exponent * (1.0 + damping * rate)) if delta > 0 else 0.0
        tissue = -k_t * (yt - yf) - c_t * (vyt - vyf)
        # docs/model.md: the force's line runs from the COP to the virtual pivot below G.
        cx, cy = x - cop(x), ly - pivot_below
        line = math.hypot(cx, cy)
        return leg, cx / line, cy / line, ground, length, tissue

    def rhs_for(loading, rest2):
        def rhs(t, y):
            leg, ux, uy, ground, _, tissue = forces(y, loading, rest2)
            return [
                y[2],
                y[3],
                leg * ux / m_b,
                leg * uy / m_b - G,
                y[5],
                (ground - leg * uy - tissue) / m_f - G,
                y[7],
                tissue / m_t - G,
            ]

        return rhs

    y0 = [
        hip_x0,
        rest * math.cos(phi),
        control["hip_velocity_x_m_per_s"],
        control["hip_velocity_y_m_per_s"],
        0.0,
        -foot_speed,
        0.0,
        -foot_speed,
    ]

    def lowest_point(t, y):
        return y[3]

    lowest_point.terminal, lowest_point.direction = True, 1.0
    first = solve_ivp(
        rhs_for(True, 0.0), (0.0, 2.0), y0, method="RK45", rtol=rtol, atol=atol, events=lowest_point, dense_output=True
    )
    t_switch = first.t_events[0][0]
    y_switch = first.y_events[0][0]
    spring, _, _, _, length, _ = forces(y_switch, True, 0.0, spring_only=True)
    # The spring's force continuous, its stiffness k2: c_s = n F_s / k2.
    switch["force"] = spring
    switch["compression"] = (unloading_exponent if spring > 0.0 else 1.0) * spring / k2
    rest2 = length + switch["compression"]

    def unloaded(t, y):  # the foot leaves the contact
        return -y[4]

    unloaded.terminal, unloaded.direction = True, -1.0
    second = solve_ivp(
        rhs_for(False, rest2),
        (t_switch, 2.0),
        y_switch,
        method="RK45",
        rtol=rtol,
        atol=atol,
        events=unloaded,
        dense_output=True,
    )
    contact_time = second.t_events[0][0]
    if not find_peak:
        return contact_time, float("nan")
    # Peak vertical force on a fine grid through both dense outputs.
    peak = 0.0
    for solution, loading, t0, t1 in ((first, True, 0.0, t_switch), (second, False, t_switch, contact_time)):
        for t in np.linspace(t0, t1, 4000):
            peak = max(peak, forces(solution.sol(t), loading, rest2)[3])
    return contact_time, peak


def stance_for_timing(control, rtol=1e-6, atol=1e-7):
    """The same stance at kneeload's default tolerances, dynamics only (for the speed comparison)."""
    return stance(control, rtol=rtol, atol=atol, find_peak=False)
