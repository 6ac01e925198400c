#pragma once
/// @file condition.hpp
/// One simulation condition (runner, equipment, gait target, closure) addressed by
/// parameter *names*, so that sweeps, the CLI, HDF5 files and the Python bindings all use
/// the same vocabulary, and its evaluation into metrics with a status and a reason.

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kneeload/step.hpp"

namespace kneeload {

/// Everything one sweep point needs.
struct Condition {
    ModelParameters model;
    GaitTarget target;
    /// If set, cadence = ratio x preferred cadence at the condition's speed (needs speed).
    std::optional<double> cadence_ratio;
    Closure closure;
};

/// A numeric parameter that can be set by name, with its unit and meaning.
struct ParameterInfo {
    const char* name;
    const char* unit;
    const char* description;
};

/// Every numeric parameter name, in a fixed order (documentation, CLI and Python use it).
inline const std::vector<ParameterInfo>& parameter_list() {
    static const std::vector<ParameterInfo> list = {
        {"speed_m_per_s", "m/s", "running speed"},
        {"cadence_steps_per_min", "steps/min", "step rate"},
        {"step_length_m", "m", "step length (stride = 2 steps)"},
        {"cadence_ratio", "1", "cadence / preferred cadence at this speed and runner"},
        {"body_mass_kg", "kg", "body mass"},
        {"height_m", "m", "body height (segment lengths scale with it)"},
        {"lower_limb_mass_fraction", "1", "stance shank + foot mass / body mass"},
        {"soft_tissue_damping_s_per_m", "s/m", "lower-limb soft-tissue damping in the contact stack"},
        {"heel_pad_stiffness_n_per_m", "N/m", "heel pad secant stiffness at its reference compression"},
        {"shoe_stiffness_n_per_m", "N/m", "midsole stiffness (secant at the reference compression for foam)"},
        {"shoe_reference_compression_m", "m", "compression at which the foam's secant stiffness is given"},
        {"shoe_stiffening_exponent", "1", "foam power-law exponent"},
        {"shoe_hunt_crossley_damping_s_per_m", "s/m", "foam Hunt-Crossley damping"},
        {"shoe_kelvin_voigt_damping_n_s_per_m", "N s/m", "Kelvin-Voigt dashpot"},
        {"shoe_wear_km", "km", "distance already run in the shoe"},
        {"surface_stiffness_n_per_m", "N/m", "surface stiffness in series (inf = rigid)"},
        {"foot_contact_from_ankle_per_foot_length", "1", "touchdown contact point ahead of the ankle / foot length"},
        {"cop_travel_per_foot_length", "1", "COP travel over stance / foot length"},
        {"lower_limb_touchdown_speed_m_per_s", "m/s", "downward speed of the lower-limb mass at touchdown"},
        {"ankle_stiffness_n_m_per_deg", "N m/deg", "ankle rotational stiffness"},
        {"knee_touchdown_flexion_deg", "deg", "knee flexion at touchdown"},
        {"knee_share_of_leg_compression", "1", "share of leg compression taken by knee flexion"},
        {"closure_value", "closure unit", "value of the closure (s, 1, N/m, deg or m)"},
        {"relative_tolerance", "1", "integrator relative tolerance"},
        {"absolute_tolerance", "1", "integrator absolute tolerance (state units)"},
    };
    return list;
}

/// Categorical choices set by name: foot_strike, shoe_law, contact_area_curve, closure.
inline const std::vector<std::pair<const char*, std::vector<const char*>>>& choice_list() {
    static const std::vector<std::pair<const char*, std::vector<const char*>>> list = {
        {"foot_strike", {"rearfoot", "midfoot", "forefoot"}},
        {"shoe_law", {"hunt_crossley_foam", "kelvin_voigt", "barefoot"}},
        {"contact_area_curve", {"kernozek_cubic", "doyle_quartic"}},
        {"closure", {"empirical", "contact_time", "duty_factor", "leg_stiffness", "touchdown_angle", "foot_placement"}},
    };
    return list;
}

namespace condition_detail {
inline std::string known_names() {
    std::string s;
    for (const auto& p : parameter_list()) s += std::string(s.empty() ? "" : ", ") + p.name;
    return s;
}
}  // namespace condition_detail

/// Thrown for a parameter name that does not exist (an InvalidParameter, so a ValueError in Python).
inline InvalidParameter unknown_parameter(std::string_view name) {
    return InvalidParameter(std::string(name), std::nan(""),
                            "a known parameter name: " + condition_detail::known_names());
}

/// Sets one numeric parameter. Values are checked when the condition is evaluated
/// (StanceModel / resolve validate), except NaN, which is rejected here.
inline void set_parameter(Condition& c, std::string_view name, double value) {
    if (std::isnan(value)) throw InvalidParameter(std::string(name), value, "a number (not NaN)");
    Runner& r = c.model.runner;
    Shoe& shoe = c.model.shoe;
    FootStrike& foot = c.model.foot_strike;
    if (name == "speed_m_per_s") c.target.speed_m_per_s = value;
    else if (name == "cadence_steps_per_min") c.target.cadence_steps_per_min = value;
    else if (name == "step_length_m") c.target.step_length_m = value;
    else if (name == "cadence_ratio") c.cadence_ratio = value;
    else if (name == "body_mass_kg") r.body_mass_kg = value;
    else if (name == "height_m") {
        require_in_range("height_m", value, 1.0, 2.5, "m");
        const double scale = value / r.height_m;
        r.height_m = value;
        r.thigh_length_m *= scale;
        r.shank_length_m *= scale;
        r.ankle_height_m *= scale;
        r.foot_length_m *= scale;
    } else if (name == "lower_limb_mass_fraction") r.lower_limb_mass_fraction = value;
    else if (name == "soft_tissue_damping_s_per_m") r.soft_tissue_damping_s_per_m = value;
    else if (name == "heel_pad_stiffness_n_per_m") r.heel_pad.stiffness_n_per_m = value;
    else if (name == "shoe_stiffness_n_per_m") shoe.stiffness_n_per_m = value;
    else if (name == "shoe_reference_compression_m") shoe.reference_compression_m = value;
    else if (name == "shoe_stiffening_exponent") shoe.stiffening_exponent = value;
    else if (name == "shoe_hunt_crossley_damping_s_per_m") shoe.hunt_crossley_damping_s_per_m = value;
    else if (name == "shoe_kelvin_voigt_damping_n_s_per_m") shoe.kelvin_voigt_damping_n_s_per_m = value;
    else if (name == "shoe_wear_km") shoe.wear_km = value;
    else if (name == "surface_stiffness_n_per_m") c.model.surface.stiffness_n_per_m = value;
    else if (name == "foot_contact_from_ankle_per_foot_length") foot.contact_from_ankle_per_foot_length = value;
    else if (name == "cop_travel_per_foot_length") foot.cop_travel_per_foot_length = value;
    else if (name == "lower_limb_touchdown_speed_m_per_s") foot.lower_limb_touchdown_speed_m_per_s = value;
    else if (name == "ankle_stiffness_n_m_per_deg") foot.ankle_stiffness_n_m_per_deg = value;
    else if (name == "knee_touchdown_flexion_deg") c.model.knee.touchdown_flexion_deg = value;
    else if (name == "knee_share_of_leg_compression") c.model.knee.knee_share_of_leg_compression = value;
    else if (name == "closure_value") c.closure.value = value;
    else if (name == "relative_tolerance") c.model.numerics.relative_tolerance = value;
    else if (name == "absolute_tolerance") c.model.numerics.absolute_tolerance = value;
    else throw unknown_parameter(name);
}

/// Sets a categorical choice by name and value, e.g. ("foot_strike", "forefoot").
inline void set_choice(Condition& c, std::string_view name, std::string_view value) {
    for (const auto& [choice, options] : choice_list()) {
        if (name != choice) continue;
        for (std::size_t i = 0; i < options.size(); ++i) {
            if (value != options[i]) continue;
            if (name == "foot_strike") {
                c.model.foot_strike = FootStrike::of(static_cast<FootStrikePattern>(i));
            } else if (name == "shoe_law") {
                c.model.shoe.law = i == 0 ? ShoeLaw::hunt_crossley_foam : i == 1 ? ShoeLaw::kelvin_voigt : ShoeLaw::barefoot;
            } else if (name == "contact_area_curve") {
                c.model.patellofemoral.contact_area_curve = static_cast<ContactAreaCurve>(i);
            } else {
                c.closure.kind = static_cast<ClosureKind>(i);
            }
            return;
        }
        std::string allowed;
        for (const char* o : options) allowed += std::string(allowed.empty() ? "" : ", ") + o;
        throw std::invalid_argument("invalid choice '" + std::string(value) + "' for '" + std::string(name) +
                                    "': valid choices are " + allowed);
    }
    throw std::invalid_argument("unknown choice '" + std::string(name) +
                                "': valid choices are foot_strike, shoe_law, contact_area_curve, closure");
}

/// Outcome of one condition.
enum class ConditionStatus : int { ok = 0, no_periodic_gait = 1, invalid_input = 2 };

inline const char* to_string(ConditionStatus s) {
    switch (s) {
        case ConditionStatus::ok: return "ok";
        case ConditionStatus::no_periodic_gait: return "no_periodic_gait";
        case ConditionStatus::invalid_input: return "invalid_input";
    }
    return "unknown";
}

struct ConditionResult {
    ConditionStatus status = ConditionStatus::ok;
    std::string reason;      ///< empty when ok
    StepMetrics metrics;     ///< meaningful only when ok
    GaitSolution gait;
    TimeSeries time_series;  ///< only when requested
};

/// Resolves the gait target of a condition (cadence_ratio -> cadence).
inline GaitTarget resolved_target(const Condition& c) {
    GaitTarget t = c.target;
    if (c.cadence_ratio) {
        if (!t.speed_m_per_s)
            throw InvalidParameter("cadence_ratio", *c.cadence_ratio, "a value together with speed_m_per_s");
        require_in_range("cadence_ratio", *c.cadence_ratio, 0.5, 1.6, "(x preferred cadence)");
        t.cadence_steps_per_min = *c.cadence_ratio * preferred_cadence_steps_per_min(*t.speed_m_per_s, c.model.runner);
    }
    return t;
}

/// Evaluates one condition: never throws for bad input or an impossible gait; the status
/// and reason say what happened.
inline ConditionResult evaluate_condition(const Condition& c, bool record_time_series = false,
                                          StepWorkspace* workspace = nullptr) {
    ConditionResult result;
    try {
        const StanceModel model(c.model);
        const GaitTarget target = resolved_target(c);
        result.gait = solve_gait(model, target, c.closure);
        if (!result.gait.ok()) {
            result.status = ConditionStatus::no_periodic_gait;
            result.reason = std::string(to_string(result.gait.status)) + ": " + result.gait.reason;
            return result;
        }
        StepOptions options;
        options.record_time_series = record_time_series;
        StepWorkspace local;
        StepResult step = simulate_step(model, result.gait.control, result.gait.gait, options,
                                        workspace ? *workspace : local);
        if (!step.ok()) {
            result.status = ConditionStatus::no_periodic_gait;
            result.reason = step.reason;
            return result;
        }
        result.metrics = step.metrics;
        result.time_series = std::move(step.time_series);
    } catch (const std::invalid_argument& e) {
        result.status = ConditionStatus::invalid_input;
        result.reason = e.what();
    }
    return result;
}

}  // namespace kneeload
