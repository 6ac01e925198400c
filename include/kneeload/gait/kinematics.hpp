#pragma once
/// @file gait/kinematics.hpp
/// Speed, cadence and step length: speed = step length x cadence / 60 (any two give the
/// third), the preferred cadence of a runner at a speed, and the resolution of what the
/// user asked for (parameters/gait_target.hpp) into all three.

#include "kneeload/parameters/gait_target.hpp"
#include "kneeload/parameters/runner.hpp"

namespace kneeload {

/// The three, resolved and validated.
struct GaitKinematics {
    double speed_m_per_s = 0.0;
    double cadence_steps_per_min = 0.0;
    double step_length_m = 0.0;
    double step_period_s() const { return 60.0 / cadence_steps_per_min; }
    double stride_length_m() const { return 2.0 * step_length_m; }
};

/// Preferred (self-selected) cadence [steps/min] for a speed [m/s] and runner: 165 steps/min at
/// 3.04 m/s + 6.6 steps/min per m/s (Eur J Sport Sci 2019, doi:10.1080/17461391.2019.1626911;
/// slope consistent with Cavanagh & Kram 1989), scaled by sqrt(1.75 m / height) (dynamic
/// similarity) and by the runner's own preferred_cadence_factor. The baseline for "+10 %
/// cadence" questions. Throws InvalidParameter for a speed outside the registry's range.
double preferred_cadence_steps_per_min(double speed_m_per_s, const Runner& runner);

/// The gait's cadence / the runner's preferred cadence at its speed (1 at the preferred cadence).
/// No range checks: for kinematics already resolved and a runner already validated (the gait
/// solver evaluates it for every stance).
double cadence_ratio(const GaitKinematics& gait, const Runner& runner);

/// All three of speed, cadence and step length from a valid combination (speed alone means
/// the preferred cadence). Throws InvalidParameter naming what the user gave, or the derived
/// quantity and how it was derived when that falls outside its range.
GaitKinematics resolve(const GaitTarget& target, const Runner& runner);

}  // namespace kneeload
