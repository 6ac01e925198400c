/// @file gait/kinematics.cpp
#include "kneeload/gait/kinematics.hpp"

#include <cmath>

#include "kneeload/parameters/registry.hpp"

namespace kneeload {

namespace {
/// Throws InvalidParameter when a derived gait quantity leaves its registry range.
void require_derived_in_range(std::string_view name, double value, std::string_view derivation) {
    const ParameterSpec& p = *find_parameter(name);
    if (!p.valid.contains(value))
        throw InvalidParameter(
            name, value, "derived as " + std::string(derivation) + "; valid range is " + p.valid.describe(p.unit));
}

/// The preferred cadence without range checks.
double preferred_cadence_of(double speed_m_per_s, const Runner& runner) {
    const double at_reference_height = constants::preferred_cadence_reference_steps_per_min +
                                       constants::preferred_cadence_slope_steps_per_min_per_m_per_s *
                                           (speed_m_per_s - constants::preferred_cadence_reference_speed_m_per_s);
    return runner.preferred_cadence_factor * at_reference_height *
           std::sqrt(constants::preferred_cadence_reference_height_m / runner.height_m);
}
}  // namespace

double preferred_cadence_steps_per_min(double speed_m_per_s, const Runner& runner) {
    const ParameterSpec& speed = *find_parameter("speed_m_per_s");
    require_in_range(speed.name, speed_m_per_s, speed.valid, speed.unit);
    const ParameterSpec& height = *find_parameter("height_m");
    require_in_range(height.name, runner.height_m, height.valid, height.unit);
    return preferred_cadence_of(speed_m_per_s, runner);
}

double cadence_ratio(const GaitKinematics& gait, const Runner& runner) {
    return gait.cadence_steps_per_min / preferred_cadence_of(gait.speed_m_per_s, runner);
}

GaitKinematics resolve(const GaitTarget& target, const Runner& runner) {
    validate(target, Closure{});
    GaitKinematics k;
    if (!target.speed_m_per_s) {
        k.cadence_steps_per_min = *target.cadence_steps_per_min;
        k.step_length_m = *target.step_length_m;
        k.speed_m_per_s = k.step_length_m * k.cadence_steps_per_min / 60.0;
        require_derived_in_range("speed_m_per_s", k.speed_m_per_s, "step_length_m x cadence_steps_per_min / 60");
        return k;
    }
    k.speed_m_per_s = *target.speed_m_per_s;
    if (target.step_length_m) {
        k.step_length_m = *target.step_length_m;
        k.cadence_steps_per_min = 60.0 * k.speed_m_per_s / k.step_length_m;
        require_derived_in_range("cadence_steps_per_min", k.cadence_steps_per_min,
                                 "60 x speed_m_per_s / step_length_m");
        return k;
    }
    if (target.cadence_steps_per_min) {
        k.cadence_steps_per_min = *target.cadence_steps_per_min;
    } else {  // speed alone, or with a ratio to the preferred cadence
        const double ratio = target.cadence_ratio.value_or(1.0);
        k.cadence_steps_per_min = ratio * preferred_cadence_steps_per_min(k.speed_m_per_s, runner);
        require_derived_in_range("cadence_steps_per_min", k.cadence_steps_per_min,
                                 "cadence_ratio x preferred cadence " +
                                     format_derived(preferred_cadence_steps_per_min(k.speed_m_per_s, runner)));
    }
    k.step_length_m = 60.0 * k.speed_m_per_s / k.cadence_steps_per_min;
    require_derived_in_range("step_length_m", k.step_length_m, "60 x speed_m_per_s / cadence_steps_per_min");
    return k;
}

}  // namespace kneeload
