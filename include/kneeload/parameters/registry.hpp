#pragma once
/// @file parameters/registry.hpp
/// The registry of the model's inputs: every numeric parameter and every choice, with the
/// name the user writes, unit, meaning, valid range and the source of its default. This table
/// is the one place a parameter is declared; everything else is generated from it: validation
/// and its messages, set/get by name, the sweep file's variables and attributes, the CLI's
/// options, Python's PARAMETERS and CHOICES, the type stubs and the test strategies.
/// (The metrics and time-series columns have their tables in metrics/metric_list.hpp and
/// metrics/time_series.hpp.)
///
/// To add a numeric parameter: add its field to a struct in parameters/, one entry below, and
/// the physics that uses it. Nothing else. If some option of a choice does not read it, say which
/// do (`.read_only_with`): a value given under another is then warned of, and the tests check it.

#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kneeload/parameters/condition.hpp"

namespace kneeload {

/// Which part of the model a parameter belongs to (for documentation and grouping).
enum class ParameterGroup { gait, closure, runner, shoe, surface, foot_strike, knee, numerics };

inline constexpr EnumName<ParameterGroup> parameter_group_names[] = {
    {ParameterGroup::gait, "gait", "the gait asked for: speed, cadence, step length"},
    {ParameterGroup::closure, "closure", "the relation that makes the periodic step unique"},
    {ParameterGroup::runner, "runner", "body size, segment proportions, lower limb and heel pad"},
    {ParameterGroup::shoe, "shoe", "midsole law, stiffness, damping and wear"},
    {ParameterGroup::surface, "surface", "running surface in series with the shoe"},
    {ParameterGroup::foot_strike, "foot_strike", "landing: foot angle and roll, knee flexion, lower-limb speed"},
    {ParameterGroup::knee, "knee", "the patellofemoral chain"},
    {ParameterGroup::numerics, "numerics", "integrator tolerances"},
};
constexpr const auto& enum_names(ParameterGroup) { return parameter_group_names; }

/// The options of one choice under which the model reads a parameter (the shoe's foam exponent
/// only with the foam law): a value given under another option has no effect, and the user is
/// warned. An empty `choice`: read under every choice.
struct ReadOnlyWith {
    std::string_view choice;
    std::array<std::string_view, 3> options{};  ///< the options that read it (unused entries empty)
};

/// One numeric parameter.
struct ParameterSpec {
    std::string_view name;         ///< as the user writes it, unit in the name: "body_mass_kg"
    std::string_view unit;         ///< "kg", "m/s", "1" for dimensionless
    std::string_view description;  ///< meaning, one line
    Range valid;
    ParameterGroup group;
    /// Where the default comes from (a published figure or a labelled model choice);
    /// nullptr for inputs without a default (the gait targets).
    const constants::Constant* basis = nullptr;
    std::string_view alias = {};                ///< short command-line name, e.g. "speed" for --speed
    double (*get)(const Condition&) = nullptr;  ///< NaN when not set (optional inputs)
    void (*set)(Condition&, double) = nullptr;
    /// For optional inputs: whether the condition has a value (nullptr: always).
    bool (*is_set)(const Condition&) = nullptr;
    ReadOnlyWith read_only_with = {};
    /// Why the model does not read the parameter under the condition's other values (a sole angle,
    /// an exponent), beyond its choices; empty when it does. nullptr: no such rule.
    std::string (*unread_when)(const Condition&) = nullptr;

    /// Inputs without a default: unset unless the user gives them.
    bool is_optional() const { return basis == nullptr; }
    bool has_value(const Condition& c) const { return !is_set || is_set(c); }
    std::string_view source() const { return basis ? basis->source : std::string_view("user input"); }
};

/// One categorical choice (an enum with its name table).
struct ChoiceSpec {
    std::string_view name;
    std::string_view description;
    ParameterGroup group;
    std::size_t option_count = 0;
    std::string_view (*option_name)(std::size_t) = nullptr;
    std::string_view (*option_description)(std::size_t) = nullptr;
    std::size_t (*get)(const Condition&) = nullptr;  ///< index of the current option (unknown_option if none)
    void (*set)(Condition&, std::size_t) = nullptr;  ///< select option by index
};

namespace registry_detail {
inline constexpr double not_set = std::numeric_limits<double>::quiet_NaN();
inline constexpr double infinity = std::numeric_limits<double>::infinity();
/// ChoiceSpec::get of an enum value that is not in its name table (a cast from a bad integer in
/// C++ code): validate() reports it instead of silently reading it as the first option.
inline constexpr std::size_t unknown_option = std::numeric_limits<std::size_t>::max();
/// Sets a closure target, selecting its closure; throws InvalidParameter when another closure
/// with a target is already chosen.
void set_closure_target(Condition& c, ClosureKind kind, double value);
/// Selects a foot-strike pattern with its defaults (FootStrike::of).
void set_foot_strike(Condition& c, FootStrikePattern pattern);
/// Why the centre of pressure's own path (its landing lead and early move: foot_kinematics.hpp)
/// is not read under the condition's sole angles: a ball landing, or a flat landing whose heel
/// stays up; empty for a heel landing or a flat one with the foot flat in mid-stance.
std::string cop_path_unread(const Condition& c);
/// The same for the early move's reach, which also cancels out at cop_timing_exponent = 1.
std::string cop_reach_unread(const Condition& c);

template <class Enum>
constexpr std::size_t index_of(Enum value) {
    std::size_t i = 0;
    for (const auto& entry : enum_names(value)) {
        if (entry.value == value) return i;
        ++i;
    }
    return unknown_option;
}
template <class Enum>
constexpr ChoiceSpec choice(std::string_view name, std::string_view description, ParameterGroup group,
                            std::size_t (*get)(const Condition&), void (*set)(Condition&, std::size_t)) {
    return {name,
            description,
            group,
            std::size(enum_names(Enum{})),
            [](std::size_t i) { return enum_names(Enum{})[i].name; },
            [](std::size_t i) { return enum_names(Enum{})[i].description; },
            get,
            set};
}
}  // namespace registry_detail

// A field of Condition read and written as a double (optional inputs read NaN when unset).
#define KNEELOAD_FIELD(path) \
    .get = [](const Condition& c) -> double { return c.path; }, .set = [](Condition& c, double v) { c.path = v; }
#define KNEELOAD_OPTIONAL(path)                                                                    \
    .get = [](const Condition& c) -> double { return c.path.value_or(registry_detail::not_set); }, \
    .set = [](Condition& c, double v) { c.path = v; }, .is_set = [](const Condition& c) { return c.path.has_value(); }
#define KNEELOAD_CLOSURE_TARGET(kind_)                                                                    \
    .get = [](const Condition& c) -> double {                                                             \
        return c.closure.kind == ClosureKind::kind_ ? c.closure.target : registry_detail::not_set;        \
    },                                                                                                    \
    .set = [](Condition& c, double v) { registry_detail::set_closure_target(c, ClosureKind::kind_, v); }, \
    .is_set = [](const Condition& c) { return c.closure.kind == ClosureKind::kind_ && !std::isnan(c.closure.target); }

// clang-format off
/// Every numeric parameter. Ranges are what the model accepts, not what is typical.
inline constexpr ParameterSpec parameter_registry[] = {
    // ---- gait
    {.name = "speed_m_per_s", .unit = "m/s", .description = "running speed", .valid = {1.0, 10.0},
     .group = ParameterGroup::gait, .alias = "speed", KNEELOAD_OPTIONAL(gait.speed_m_per_s)},
    {.name = "cadence_steps_per_min", .unit = "steps/min", .description = "step rate (steps per minute, both legs)",
     .valid = {100.0, 260.0}, .group = ParameterGroup::gait, .alias = "cadence",
     KNEELOAD_OPTIONAL(gait.cadence_steps_per_min)},
    {.name = "step_length_m", .unit = "m", .description = "step length (stride = 2 steps)", .valid = {0.3, 3.0},
     .group = ParameterGroup::gait, .alias = "step-length", KNEELOAD_OPTIONAL(gait.step_length_m)},
    {.name = "cadence_ratio", .unit = "1", .description = "cadence / preferred cadence at this speed and runner",
     .valid = {0.5, 1.6}, .group = ParameterGroup::gait, KNEELOAD_OPTIONAL(gait.cadence_ratio)},
    // ---- closure targets (each selects its closure)
    {.name = "target_contact_time_s", .unit = "s", .description = "contact time imposed by the contact_time closure",
     .valid = {0.05, 1.0}, .group = ParameterGroup::closure, KNEELOAD_CLOSURE_TARGET(contact_time)},
    {.name = "target_duty_factor", .unit = "1",
     .description = "duty factor (contact time / stride time) imposed by the duty_factor closure",
     .valid = {0.1, 0.5, false, true}, .group = ParameterGroup::closure, KNEELOAD_CLOSURE_TARGET(duty_factor)},
    {.name = "target_leg_stiffness_n_per_m", .unit = "N/m",
     .description = "leg spring stiffness imposed by the leg_stiffness closure", .valid = {2.0e3, 1.0e5},
     .group = ParameterGroup::closure, KNEELOAD_CLOSURE_TARGET(leg_stiffness)},
    {.name = "target_touchdown_angle_deg", .unit = "deg",
     .description = "leg angle from the horizontal at touchdown imposed by the touchdown_angle closure",
     .valid = {45.0, 89.0}, .group = ParameterGroup::closure, KNEELOAD_CLOSURE_TARGET(touchdown_angle)},
    {.name = "target_foot_placement_m", .unit = "m",
     .description = "contact point ahead of the whole-body COM at touchdown imposed by the foot_placement closure",
     .valid = {0.02, 0.8}, .group = ParameterGroup::closure, KNEELOAD_CLOSURE_TARGET(foot_placement)},
    // ---- runner
    {.name = "body_mass_kg", .unit = "kg", .description = "body mass", .valid = {20.0, 250.0},
     .group = ParameterGroup::runner, .basis = &constants::default_body_mass_kg, .alias = "mass",
     KNEELOAD_FIELD(model.runner.body_mass_kg)},
    {.name = "height_m", .unit = "m", .description = "body height (segment lengths are proportions of it)",
     .valid = {1.0, 2.5}, .group = ParameterGroup::runner, .basis = &constants::default_height_m, .alias = "height",
     KNEELOAD_FIELD(model.runner.height_m)},
    {.name = "thigh_length_per_height", .unit = "1", .description = "thigh length / height", .valid = {0.15, 0.35},
     .group = ParameterGroup::runner, .basis = &constants::thigh_length_per_height,
     KNEELOAD_FIELD(model.runner.thigh_length_per_height)},
    {.name = "shank_length_per_height", .unit = "1", .description = "shank length / height", .valid = {0.15, 0.35},
     .group = ParameterGroup::runner, .basis = &constants::shank_length_per_height,
     KNEELOAD_FIELD(model.runner.shank_length_per_height)},
    {.name = "ankle_height_per_height", .unit = "1",
     .description = "height of the ankle joint centre above the sole (foot flat) / height", .valid = {0.01, 0.08},
     .group = ParameterGroup::runner, .basis = &constants::ankle_height_per_height,
     KNEELOAD_FIELD(model.runner.ankle_height_per_height)},
    {.name = "foot_length_per_height", .unit = "1", .description = "foot length / height", .valid = {0.10, 0.20},
     .group = ParameterGroup::runner, .basis = &constants::foot_length_per_height,
     KNEELOAD_FIELD(model.runner.foot_length_per_height)},
    {.name = "heel_behind_ankle_per_foot_length", .unit = "1",
     .description = "ankle joint centre ahead of the heel, along the sole / foot length", .valid = {0.05, 0.4},
     .group = ParameterGroup::runner, .basis = &constants::heel_behind_ankle_per_foot_length,
     KNEELOAD_FIELD(model.runner.heel_behind_ankle_per_foot_length)},
    {.name = "ball_ahead_of_ankle_per_foot_length", .unit = "1",
     .description = "ball of the foot (metatarsal heads) ahead of the ankle, along the sole / foot length",
     .valid = {0.3, 0.8}, .group = ParameterGroup::runner, .basis = &constants::ball_ahead_of_ankle_per_foot_length,
     KNEELOAD_FIELD(model.runner.ball_ahead_of_ankle_per_foot_length)},
    {.name = "lower_limb_mass_fraction", .unit = "1", .description = "stance shank + foot mass / body mass",
     .valid = {0.01, 0.2}, .group = ParameterGroup::runner, .basis = &constants::lower_limb_mass_fraction,
     KNEELOAD_FIELD(model.runner.lower_limb_mass_fraction)},
    {.name = "foot_share_of_lower_limb", .unit = "1",
     .description = "foot mass / lower-limb mass (lands on the contact stack; 1: no soft-tissue mass)",
     .valid = {0.05, 1.0}, .group = ParameterGroup::runner, .basis = &constants::foot_share_of_lower_limb,
     KNEELOAD_FIELD(model.runner.foot_share_of_lower_limb)},
    {.name = "lower_limb_tissue_frequency_hz", .unit = "Hz",
     .description = "natural frequency of the lower limb's mass beyond the foot on its soft-tissue coupling",
     .valid = {2.0, 100.0}, .group = ParameterGroup::runner, .basis = &constants::lower_limb_tissue_frequency_hz,
     KNEELOAD_FIELD(model.runner.lower_limb_tissue_frequency_hz)},
    {.name = "lower_limb_tissue_damping_ratio", .unit = "1", .description = "damping ratio of that soft-tissue coupling",
     .valid = {0.0, 2.0}, .group = ParameterGroup::runner, .basis = &constants::lower_limb_tissue_damping_ratio,
     KNEELOAD_FIELD(model.runner.lower_limb_tissue_damping_ratio)},
    {.name = "leg_force_velocity_s_per_m", .unit = "s/m",
     .description = "the leg's force-velocity factor a: leg force = spring force x (1 - a dL/dt), more while the "
                    "leg shortens, less while it lengthens (muscle force-velocity relation)",
     .valid = {0.0, 0.5}, .group = ParameterGroup::runner, .basis = &constants::leg_force_velocity_s_per_m,
     KNEELOAD_FIELD(model.runner.leg_force_velocity_s_per_m)},
    {.name = "leg_unloading_exponent", .unit = "1",
     .description = "the unloading leg spring's force-compression exponent n: force = switch force x (compression / "
                    "compression at the switch)^n after the lowest point (1: linear; > 1 the force leaves the ground "
                    "gradually)",
     .valid = {1.0, 3.0}, .group = ParameterGroup::runner, .basis = &constants::leg_unloading_exponent,
     KNEELOAD_FIELD(model.runner.leg_unloading_exponent)},
    {.name = "virtual_pivot_below_com_m", .unit = "m",
     .description = "how far below the upper body's centre of mass the ground force points from the centre of "
                    "pressure (a virtual pivot below the centre of mass; 0: at it): more braking in early stance "
                    "and more propulsion in late stance (the leg's force acts along that line; the vertical ground "
                    "force is the contact stack's)",
     .valid = {0.0, 0.5}, .group = ParameterGroup::runner, .basis = &constants::virtual_pivot_below_com_m,
     KNEELOAD_FIELD(model.runner.virtual_pivot_below_com_m)},
    {.name = "dimensionless_leg_stiffness", .unit = "1",
     .description = "leg stiffness k L / (M g) at the preferred cadence imposed by the empirical closure (it rises "
                    "as (f / f_pref)^1.389 with the step rate f)",
     .valid = {4.0, 40.0}, .group = ParameterGroup::runner, .basis = &constants::empirical_dimensionless_leg_stiffness,
     KNEELOAD_FIELD(model.runner.dimensionless_leg_stiffness),
     .read_only_with = {"closure", {"empirical"}}},
    {.name = "preferred_cadence_factor", .unit = "1",
     .description = "the runner's preferred cadence / the population's at the same speed and height (1: the mean "
                    "runner); sets the cadence of a speed alone, the cadence_ratio's reference and the empirical "
                    "closure's",
     .valid = {0.8, 1.25}, .group = ParameterGroup::runner, .basis = &constants::population_preferred_cadence_factor,
     KNEELOAD_FIELD(model.runner.preferred_cadence_factor)},
    {.name = "trunk_flexion_deg", .unit = "deg",
     .description = "trunk flexion from the vertical (moves the upper body's centre of mass, and the leg's force "
                    "line, relative to the hip)",
     .valid = {-10.0, 40.0}, .group = ParameterGroup::runner, .basis = &constants::self_selected_trunk_flexion_deg,
     .alias = "trunk-flexion", KNEELOAD_FIELD(model.runner.trunk_flexion_deg)},
    {.name = "heel_pad_stiffness_n_per_m", .unit = "N/m",
     .description = "heel pad secant stiffness at its reference compression", .valid = {5.0e3, 1.0e6},
     .group = ParameterGroup::runner, .basis = &constants::heel_pad_stiffness_n_per_m,
     KNEELOAD_FIELD(model.runner.heel_pad.stiffness_n_per_m),
     .read_only_with = {"shoe_law", {"hunt_crossley_foam", "barefoot"}}},
    {.name = "heel_pad_reference_compression_m", .unit = "m",
     .description = "compression at which the heel pad's secant stiffness is given", .valid = {1e-3, 0.03},
     .group = ParameterGroup::runner, .basis = &constants::heel_pad_reference_compression_m,
     KNEELOAD_FIELD(model.runner.heel_pad.reference_compression_m),
     .read_only_with = {"shoe_law", {"hunt_crossley_foam", "barefoot"}}},
    {.name = "heel_pad_stiffening_exponent", .unit = "1", .description = "heel pad power-law exponent",
     .valid = {1.0, 5.0}, .group = ParameterGroup::runner, .basis = &constants::heel_pad_stiffening_exponent,
     KNEELOAD_FIELD(model.runner.heel_pad.stiffening_exponent),
     .read_only_with = {"shoe_law", {"hunt_crossley_foam", "barefoot"}}},
    {.name = "heel_pad_hunt_crossley_damping_s_per_m", .unit = "s/m", .description = "heel pad Hunt-Crossley damping",
     .valid = {0.0, 5.0}, .group = ParameterGroup::runner, .basis = &constants::heel_pad_hunt_crossley_damping_s_per_m,
     KNEELOAD_FIELD(model.runner.heel_pad.hunt_crossley_damping_s_per_m),
     .read_only_with = {"shoe_law", {"hunt_crossley_foam", "barefoot"}}},
    // ---- shoe
    {.name = "shoe_stiffness_n_per_m", .unit = "N/m",
     .description = "midsole stiffness of the new shoe (secant at the reference compression for the foam law)",
     .valid = {5.0e3, 5.0e6}, .group = ParameterGroup::shoe, .basis = &constants::cushioned_shoe_stiffness_n_per_m,
     .alias = "shoe-stiffness", KNEELOAD_FIELD(model.shoe.stiffness_n_per_m),
     .read_only_with = {"shoe_law", {"hunt_crossley_foam", "kelvin_voigt"}}},
    {.name = "shoe_reference_compression_m", .unit = "m",
     .description = "compression at which the foam's secant stiffness is given", .valid = {1e-3, 0.05},
     .group = ParameterGroup::shoe, .basis = &constants::foam_reference_compression_m,
     KNEELOAD_FIELD(model.shoe.reference_compression_m),
     .read_only_with = {"shoe_law", {"hunt_crossley_foam"}}},
    {.name = "shoe_stiffening_exponent", .unit = "1", .description = "foam power-law exponent", .valid = {1.0, 4.0},
     .group = ParameterGroup::shoe, .basis = &constants::foam_stiffening_exponent,
     KNEELOAD_FIELD(model.shoe.stiffening_exponent),
     .read_only_with = {"shoe_law", {"hunt_crossley_foam"}}},
    {.name = "shoe_hunt_crossley_damping_s_per_m", .unit = "s/m", .description = "foam Hunt-Crossley damping",
     .valid = {0.0, 5.0}, .group = ParameterGroup::shoe,
     .basis = &constants::cushioned_shoe_hunt_crossley_damping_s_per_m,
     KNEELOAD_FIELD(model.shoe.hunt_crossley_damping_s_per_m),
     .read_only_with = {"shoe_law", {"hunt_crossley_foam"}}},
    {.name = "shoe_kelvin_voigt_damping_n_s_per_m", .unit = "N s/m", .description = "Kelvin-Voigt midsole dashpot",
     .valid = {0.0, 5.0e3}, .group = ParameterGroup::shoe,
     .basis = &constants::cushioned_shoe_kelvin_voigt_damping_n_s_per_m,
     KNEELOAD_FIELD(model.shoe.kelvin_voigt_damping_n_s_per_m),
     .read_only_with = {"shoe_law", {"kelvin_voigt"}}},
    {.name = "shoe_damping_onset_compression_m", .unit = "m",
     .description = "compression over which the Kelvin-Voigt dashpot engages", .valid = {1e-5, 0.01},
     .group = ParameterGroup::shoe, .basis = &constants::kelvin_voigt_damping_onset_compression_m,
     KNEELOAD_FIELD(model.shoe.damping_onset_compression_m),
     .read_only_with = {"shoe_law", {"kelvin_voigt"}}},
    {.name = "shoe_wear_km", .unit = "km", .description = "distance already run in the shoe (Cook et al. 1985 wear)",
     .valid = {0.0, 5000.0}, .group = ParameterGroup::shoe, .basis = &constants::new_shoe_wear_km,
     .alias = "shoe-wear", KNEELOAD_FIELD(model.shoe.wear_km),
     .read_only_with = {"shoe_law", {"hunt_crossley_foam", "kelvin_voigt"}}},
    // ---- surface
    {.name = "surface_stiffness_n_per_m", .unit = "N/m", .description = "surface stiffness in series (inf = rigid)",
     .valid = {1.0e4, registry_detail::infinity, false, false, true}, .group = ParameterGroup::surface,
     .basis = &constants::rigid_surface_stiffness_n_per_m, .alias = "surface-stiffness",
     KNEELOAD_FIELD(model.surface.stiffness_n_per_m)},
    {.name = "body_weight_support_fraction", .unit = "1",
     .description = "body weight taken off by a lower-body positive-pressure treadmill (reduced gravity)",
     .valid = {0.0, 0.75}, .group = ParameterGroup::surface, .basis = &constants::no_body_weight_support,
     KNEELOAD_FIELD(model.surface.body_weight_support_fraction)},
    // ---- foot strike (defaults of the rearfoot pattern; choosing foot_strike sets them)
    {.name = "foot_touchdown_angle_deg", .unit = "deg",
     .description = "sole angle to the ground at touchdown, toes up > 0 (set by foot_strike)", .valid = {-30.0, 35.0},
     .group = ParameterGroup::foot_strike, .basis = &constants::rearfoot_foot_touchdown_angle_deg,
     KNEELOAD_FIELD(model.foot_strike.foot_touchdown_angle_deg)},
    {.name = "foot_stance_angle_deg", .unit = "deg",
     .description = "sole angle in mid-stance (0 flat, < 0 heel up; set by foot_strike); read only for a ball or flat "
                    "landing (foot_touchdown_angle_deg <= 0): a heel strike's foot is flat in mid-stance",
     .valid = {-30.0, 0.0},
     .group = ParameterGroup::foot_strike, .basis = &constants::rearfoot_foot_stance_angle_deg,
     KNEELOAD_FIELD(model.foot_strike.foot_stance_angle_deg)},
    {.name = "foot_flat_progress", .unit = "1",
     .description = "fraction of the hip's sweep over the foot at which the sole reaches its mid-stance angle",
     .valid = {0.02, 0.3},
     .group = ParameterGroup::foot_strike, .basis = &constants::foot_flat_progress,
     KNEELOAD_FIELD(model.foot_strike.foot_flat_progress)},
    {.name = "heel_off_progress", .unit = "1",
     .description = "fraction of the hip's sweep over the foot at which the heel starts to rise", .valid = {0.35, 0.98},
     .group = ParameterGroup::foot_strike, .basis = &constants::heel_off_progress,
     KNEELOAD_FIELD(model.foot_strike.heel_off_progress)},
    {.name = "foot_take_off_angle_deg", .unit = "deg",
     .description = "sole angle to the ground at the end of the foot's roll (heel up < 0)", .valid = {-70.0, 0.0},
     .group = ParameterGroup::foot_strike, .basis = &constants::foot_take_off_angle_deg,
     KNEELOAD_FIELD(model.foot_strike.foot_take_off_angle_deg)},
    {.name = "foot_push_off_angle_limit_deg", .unit = "deg",
     .description = "lowest sole angle to the ground in push-off (heel up < 0): where the hip would need the heel "
                    "to rise further, or the foot behind a lifted ball to point past it, the ball lifts instead, the "
                    "toes turning about their contact on the ground; acts only where a push-off reaches it (fast or long "
                    "steps)",
     .valid = {-90.0, -70.0},
     .group = ParameterGroup::foot_strike, .basis = &constants::foot_push_off_angle_limit_deg,
     KNEELOAD_FIELD(model.foot_strike.foot_push_off_angle_limit_deg)},
    {.name = "hip_sweep_factor", .unit = "1",
     .description = "the hip's travel over the foot in stance per its symmetric estimate (twice the first contact's "
                    "lead plus the sole): the scale of the foot roll's progress",
     .valid = {0.7, 1.6},
     .group = ParameterGroup::foot_strike, .basis = &constants::hip_sweep_factor,
     KNEELOAD_FIELD(model.foot_strike.hip_sweep_factor)},
    {.name = "landing_cop_lead_fraction", .unit = "1",
     .description = "how far the centre of pressure runs ahead of the leg's rolling point by foot flat, per first "
                    "contact-ball distance; read only for a heel landing (foot_touchdown_angle_deg > 0) or a flat "
                    "one (= 0) with the foot flat in mid-stance (foot_stance_angle_deg >= 0)",
     .valid = {0.0, 0.8},
     .group = ParameterGroup::foot_strike, .basis = &constants::landing_cop_lead_fraction,
     KNEELOAD_FIELD(model.foot_strike.landing_cop_lead_fraction), .unread_when = &registry_detail::cop_path_unread},
    {.name = "cop_timing_exponent", .unit = "1",
     .description = "the timing of the centre of pressure's early move from foot flat: the smoothstep of "
                    "(progress from foot flat to heel off)^exponent (1: with the leg's rolling point; < 1 it reaches "
                    "the forefoot early and then slows); read only where landing_cop_lead_fraction is",
     .valid = {0.6, 1.0},
     .group = ParameterGroup::foot_strike, .basis = &constants::cop_timing_exponent,
     KNEELOAD_FIELD(model.foot_strike.cop_timing_exponent), .unread_when = &registry_detail::cop_path_unread},
    {.name = "cop_early_reach_fraction", .unit = "1",
     .description = "how far the centre of pressure's early move in stance takes it, per first contact-ball "
                    "distance (1: to the ball); the rest of the way to the ball it travels with the leg's rolling "
                    "point, by heel off; at least landing_cop_lead_fraction; read only with cop_timing_exponent < 1 "
                    "(at 1 it cancels out) and where landing_cop_lead_fraction is",
     .valid = {0.5, 1.0},
     .group = ParameterGroup::foot_strike, .basis = &constants::cop_early_reach_fraction,
     KNEELOAD_FIELD(model.foot_strike.cop_early_reach_fraction), .unread_when = &registry_detail::cop_reach_unread},
    {.name = "toe_cop_reach_per_foot_length", .unit = "1",
     .description = "how far the centre of pressure travels past the ball onto the toes by take-off, per foot length",
     .valid = {0.0, 0.3},
     .group = ParameterGroup::foot_strike, .basis = &constants::toe_cop_reach_per_foot_length,
     KNEELOAD_FIELD(model.foot_strike.toe_cop_reach_per_foot_length)},
    {.name = "knee_heel_off_flexion_deg", .unit = "deg",
     .description = "knee flexion from which the push-off's limit on the knee's extension falls steadily to the "
                    "take-off flexion (the ankle takes the rest)",
     .valid = {0.0, 60.0},
     .group = ParameterGroup::foot_strike, .basis = &constants::knee_heel_off_flexion_deg,
     KNEELOAD_FIELD(model.foot_strike.knee_heel_off_flexion_deg)},
    {.name = "knee_take_off_flexion_deg", .unit = "deg",
     .description = "knee flexion at the end of the push-off's limit on the knee's extension (the ankle takes the "
                    "rest)",
     .valid = {0.0, 60.0},
     .group = ParameterGroup::foot_strike, .basis = &constants::knee_take_off_flexion_deg,
     KNEELOAD_FIELD(model.foot_strike.knee_take_off_flexion_deg)},
    {.name = "knee_touchdown_flexion_deg", .unit = "deg",
     .description = "knee flexion at touchdown at 3.5 m/s (set by foot_strike)", .valid = {0.0, 45.0},
     .group = ParameterGroup::foot_strike, .basis = &constants::rearfoot_knee_touchdown_flexion_deg,
     KNEELOAD_FIELD(model.foot_strike.knee_touchdown_flexion_deg)},
    {.name = "knee_touchdown_flexion_slope_deg_per_m_per_s", .unit = "deg/(m/s)",
     .description = "change of the touchdown knee flexion per m/s of speed", .valid = {-10.0, 10.0},
     .group = ParameterGroup::foot_strike, .basis = &constants::knee_touchdown_flexion_slope_deg_per_m_per_s,
     KNEELOAD_FIELD(model.foot_strike.knee_touchdown_flexion_slope_deg_per_m_per_s)},
    {.name = "knee_touchdown_flexion_per_cadence_ratio_deg", .unit = "deg",
     .description = "change of the touchdown knee flexion per unit of cadence / the runner's preferred cadence "
                    "(14.2: +1.42 deg at +10 % step rate, Heiderscheit et al. 2011); acts only away from the "
                    "preferred cadence",
     // Up to about 4x the published slope either way (and its sign reversed), for sensitivity runs.
     .valid = {-30.0, 60.0},
     .group = ParameterGroup::foot_strike, .basis = &constants::knee_touchdown_flexion_per_cadence_ratio_deg,
     KNEELOAD_FIELD(model.foot_strike.knee_touchdown_flexion_per_cadence_ratio_deg)},
    {.name = "ankle_stiffness_n_m_per_deg", .unit = "N m/deg",
     .description = "ankle rotational stiffness, in series with the lower limb's landing ahead of the ankle; read "
                    "only for a landing ahead of the ankle (foot_touchdown_angle_deg <= 0, not a heel strike)",
     .valid = {1.0, 100.0}, .group = ParameterGroup::foot_strike,
     .basis = &constants::ankle_rotational_stiffness_n_m_per_deg,
     KNEELOAD_FIELD(model.foot_strike.ankle_stiffness_n_m_per_deg)},
    {.name = "swing_leg_retraction_fraction", .unit = "1",
     .description = "backward speed of the foot relative to the hip at touchdown / running speed",
     .valid = {0.0, 1.5}, .group = ParameterGroup::foot_strike, .basis = &constants::swing_leg_retraction_fraction,
     KNEELOAD_FIELD(model.foot_strike.swing_leg_retraction_fraction)},
    // ---- numerics
    {.name = "relative_tolerance", .unit = "1", .description = "integrator relative tolerance", .valid = {1e-14, 1e-3},
     .group = ParameterGroup::numerics, .basis = &constants::relative_tolerance,
     KNEELOAD_FIELD(model.numerics.relative_tolerance)},
    {.name = "absolute_tolerance", .unit = "1", .description = "integrator absolute tolerance (in m, m/s and J)",
     .valid = {1e-15, 1e-3}, .group = ParameterGroup::numerics,
     .basis = &constants::absolute_tolerance, KNEELOAD_FIELD(model.numerics.absolute_tolerance)},
    {.name = "lower_limb_velocity_tolerance_scale", .unit = "1",
     .description = "absolute tolerance of the foot's and soft tissue's velocities / absolute_tolerance",
     .valid = {1e-3, 1e4}, .group = ParameterGroup::numerics, .basis = &constants::lower_limb_velocity_tolerance_scale,
     KNEELOAD_FIELD(model.numerics.lower_limb_velocity_tolerance_scale)},
    {.name = "solver_lower_limb_velocity_tolerance_scale", .unit = "1",
     .description = "the same in the gait solver's stances (the mechanical state alone, no outputs)",
     .valid = {1e-3, 1e4}, .group = ParameterGroup::numerics,
     .basis = &constants::solver_lower_limb_velocity_tolerance_scale,
     KNEELOAD_FIELD(model.numerics.solver_lower_limb_velocity_tolerance_scale)},
    {.name = "solver_lower_limb_position_tolerance_scale", .unit = "1",
     .description = "absolute tolerance of the foot's and soft tissue's positions / absolute_tolerance in the gait "
                    "solver's stances",
     .valid = {1e-3, 1e4}, .group = ParameterGroup::numerics,
     .basis = &constants::solver_lower_limb_position_tolerance_scale,
     KNEELOAD_FIELD(model.numerics.solver_lower_limb_position_tolerance_scale)},
    {.name = "event_time_tolerance_s", .unit = "s", .description = "bracket width to which event times are located",
     .valid = {1e-15, 1e-9}, .group = ParameterGroup::numerics, .basis = &constants::event_time_tolerance_s,
     KNEELOAD_FIELD(model.numerics.event_time_tolerance_s)},
    {.name = "initial_step_s", .unit = "s", .description = "first trial step after touchdown or an event",
     .valid = {1e-8, 1e-2}, .group = ParameterGroup::numerics, .basis = &constants::initial_step_s,
     KNEELOAD_FIELD(model.numerics.initial_step_s)},
    {.name = "max_stance_time_s", .unit = "s", .description = "a stance longer than this is reported as failed",
     .valid = {0.05, 10.0}, .group = ParameterGroup::numerics, .basis = &constants::max_stance_time_s,
     KNEELOAD_FIELD(model.numerics.max_stance_time_s)},
};

/// Every categorical choice.
inline constexpr ChoiceSpec choice_registry[] = {
    registry_detail::choice<FootStrikePattern>(
        "foot_strike", "foot-strike pattern (sets the foot_strike parameters to its defaults)",
        ParameterGroup::foot_strike,
        [](const Condition& c) { return registry_detail::index_of(c.model.foot_strike.pattern); },
        [](Condition& c, std::size_t i) { registry_detail::set_foot_strike(c, foot_strike_names[i].value); }),
    registry_detail::choice<ShoeLaw>(
        "shoe_law", "midsole force law", ParameterGroup::shoe,
        [](const Condition& c) { return registry_detail::index_of(c.model.shoe.law); },
        [](Condition& c, std::size_t i) { c.model.shoe.law = shoe_law_names[i].value; }),
    registry_detail::choice<ContactAreaCurve>(
        "contact_area_curve", "patellofemoral contact-area curve (changes absolute stress ~2x)", ParameterGroup::knee,
        [](const Condition& c) { return registry_detail::index_of(c.model.patellofemoral.contact_area_curve); },
        [](Condition& c, std::size_t i) { c.model.patellofemoral.contact_area_curve = contact_area_curve_names[i].value; }),
    registry_detail::choice<PfjKneeMoment>(
        "pfj_knee_moment", "which knee extensor moment drives the patellofemoral chain", ParameterGroup::knee,
        [](const Condition& c) { return registry_detail::index_of(c.model.patellofemoral.knee_moment); },
        [](Condition& c, std::size_t i) { c.model.patellofemoral.knee_moment = pfj_knee_moment_names[i].value; }),
    registry_detail::choice<ClosureKind>(
        "closure", "the relation that makes the periodic step unique (a target_* parameter selects it too)",
        ParameterGroup::closure, [](const Condition& c) { return registry_detail::index_of(c.closure.kind); },
        [](Condition& c, std::size_t i) {
            if (c.closure.kind != closure_names[i].value) c.closure = Closure{closure_names[i].value};
        }),
};
// clang-format on

#undef KNEELOAD_FIELD
#undef KNEELOAD_OPTIONAL
#undef KNEELOAD_CLOSURE_TARGET

namespace registry_detail {
constexpr bool names_are_unique() {
    auto all = [](auto&& f) {
        for (const auto& p : parameter_registry) f(p.name);
        for (const auto& c : choice_registry) f(c.name);
    };
    bool unique = true;
    all([&](std::string_view a) {
        int seen = 0;
        all([&](std::string_view b) { seen += a == b; });
        unique = unique && seen == 1;
    });
    return unique;
}
static_assert(names_are_unique(), "every parameter and choice name appears once in the registry");
}  // namespace registry_detail

/// The registry as ranges.
inline constexpr std::span<const ParameterSpec> parameters() { return parameter_registry; }
inline constexpr std::span<const ChoiceSpec> choices() { return choice_registry; }

/// The entry called `name`, or nullptr.
const ParameterSpec* find_parameter(std::string_view name);
const ChoiceSpec* find_choice(std::string_view name);

/// Sets a numeric parameter by name. Throws InvalidParameter for an unknown name, NaN, or a
/// closure target that contradicts the chosen closure. Ranges are checked by validate().
void set_parameter(Condition& condition, std::string_view name, double value);
/// Sets a choice by name and option name. Throws InvalidParameter for unknown names.
void set_choice(Condition& condition, std::string_view name, std::string_view option);
/// NaN when an optional input is not set.
double get_parameter(const Condition& condition, std::string_view name);
std::string_view get_choice(const Condition& condition, std::string_view name);

/// Why the model does not read `parameter` under the condition's choices, naming the choice, its
/// option and the options that do read it (ParameterSpec::read_only_with), or under its other
/// values (ParameterSpec::unread_when); empty when it is read.
std::string unread_reason(const ParameterSpec& parameter, const Condition& condition);

/// A setting by name: a number or a choice's option.
struct NamedValue {
    std::string name;
    double number = registry_detail::not_set;
    std::string option;  ///< non-empty for a choice
    bool is_choice() const { return !option.empty(); }
};

/// A condition from named settings, applied to the defaults: choices first (a foot-strike
/// pattern sets its own parameters), then numbers in the order given. Does not validate.
Condition make_condition(const std::vector<NamedValue>& settings);

/// Throws InvalidParameter naming the first parameter outside its range (the user's name,
/// value, range and unit), then checks that the gait targets and the closure fit together.
void validate(const Condition& condition);
/// The model's parameters only (no gait target, no closure).
void validate(const ModelParameters& model);
/// The gait target and closure only: ranges, a valid combination of gait quantities, and a
/// target for a closure that needs one.
void validate(const GaitTarget& gait, const Closure& closure);

}  // namespace kneeload
