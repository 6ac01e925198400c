/// @file parameters/registry.cpp
/// Set/get by name and validation, all driven by the registry tables.
#include "kneeload/parameters/registry.hpp"

#include <cmath>

namespace kneeload {

namespace {

std::string known_names() {
    std::string list;
    for (const auto& p : parameters()) list += std::string(list.empty() ? "" : ", ") + std::string(p.name);
    for (const auto& c : choices()) list += ", " + std::string(c.name);
    return list;
}

std::string option_list(const ChoiceSpec& choice) {
    std::string list;
    for (std::size_t i = 0; i < choice.option_count; ++i)
        list += std::string(i ? ", " : "") + std::string(choice.option_name(i));
    return list;
}

std::string_view target_name(ClosureKind kind) {
    Condition probe;
    probe.closure = {kind, 1.0};
    for (const auto& p : parameters())
        if (p.group == ParameterGroup::closure && p.has_value(probe)) return p.name;
    return {};
}

/// Which of speed, cadence and step length (and cadence_ratio) were given, and whether that
/// is one of the valid combinations (gait/kinematics.hpp resolves them).
void validate_gait_combination(const GaitTarget& g) {
    const bool speed = g.speed_m_per_s.has_value(), cadence = g.cadence_steps_per_min.has_value(),
               step = g.step_length_m.has_value();
    const int given = int(speed) + int(cadence) + int(step);
    const std::string valid =
        "give two of speed_m_per_s, cadence_steps_per_min and step_length_m, or speed_m_per_s alone (preferred "
        "cadence), or speed_m_per_s with cadence_ratio";
    if (g.cadence_ratio) {
        if (!speed) throw InvalidParameter("cadence_ratio", *g.cadence_ratio, "needs speed_m_per_s; " + valid);
        if (cadence)
            throw InvalidParameter("cadence_ratio", *g.cadence_ratio,
                                   "contradicts cadence_steps_per_min = " + format_number(*g.cadence_steps_per_min) +
                                       " (give one of them); " + valid);
        if (step)
            throw InvalidParameter(
                "cadence_ratio", *g.cadence_ratio,
                "contradicts step_length_m = " + format_number(*g.step_length_m) + " (give one of them); " + valid);
        return;
    }
    if (given == 3)
        throw InvalidParameter(
            "step_length_m", *g.step_length_m,
            "over-specified: speed_m_per_s, cadence_steps_per_min and step_length_m all given; " + valid);
    if (given == 0) throw InvalidParameter("speed_m_per_s", "not given", valid);
    if (given == 1 && !speed) {
        const std::string_view name = cadence ? "cadence_steps_per_min" : "step_length_m";
        throw InvalidParameter(name, cadence ? *g.cadence_steps_per_min : *g.step_length_m,
                               "needs speed_m_per_s or a second gait quantity; " + valid);
    }
}

void validate_closure(const Closure& closure) {
    if (closure.kind == ClosureKind::empirical || !std::isnan(closure.target)) return;
    throw InvalidParameter("closure", to_string(closure.kind), "needs " + std::string(target_name(closure.kind)));
}

bool is_gait_or_closure(const ParameterSpec& p) {
    return p.group == ParameterGroup::gait || p.group == ParameterGroup::closure;
}

/// The centre of pressure's early move in stance ends at least where its landing lead took it
/// (foot_kinematics.hpp), or it would move backwards: checked where the model reads both
/// (registry_detail::cop_reach_unread).
void validate_cop_path(const Condition& condition) {
    const FootStrike& f = condition.model.foot_strike;
    if (f.cop_early_reach_fraction < f.landing_cop_lead_fraction &&
        registry_detail::cop_reach_unread(condition).empty())
        throw InvalidParameter(
            "cop_early_reach_fraction", f.cop_early_reach_fraction,
            "must be at least landing_cop_lead_fraction = " + format_number(f.landing_cop_lead_fraction) +
                " (else the centre of pressure moves backwards in stance)");
}

/// Range checks of the model's parameters (model = true) or of the gait and closure inputs.
void validate_ranges(const Condition& condition, bool model) {
    for (const auto& p : parameters()) {
        if (is_gait_or_closure(p) == model) continue;
        if (p.has_value(condition)) require_in_range(p.name, p.get(condition), p.valid, p.unit);
    }
    if (model) validate_cop_path(condition);
}

/// Every choice of the model (model = true) or the closure holds one of its named options.
void validate_choices(const Condition& condition, bool model) {
    for (const auto& c : choices()) {
        if ((c.group == ParameterGroup::closure) == model) continue;
        if (c.get(condition) >= c.option_count)
            throw InvalidParameter(c.name, "(not one of its options)", "valid values are " + option_list(c));
    }
}

}  // namespace

namespace registry_detail {

void set_closure_target(Condition& c, ClosureKind kind, double value) {
    if (c.closure.kind != ClosureKind::empirical && c.closure.kind != kind)
        throw InvalidParameter(target_name(kind), value,
                               "contradicts the chosen closure '" + std::string(to_string(c.closure.kind)) +
                                   "' (give one closure target: " + std::string(target_name(c.closure.kind)) + ")");
    c.closure = {kind, value};
}

void set_foot_strike(Condition& c, FootStrikePattern pattern) { c.model.foot_strike = FootStrike::of(pattern); }

std::string cop_path_unread(const Condition& c) {
    // As FootKinematics: the first contact is the heel (angle > 0), the mid-sole (0) or the ball
    // (< 0, nothing ahead of it to travel to); a heel kept up keeps the COP on the ball.
    const FootStrike& f = c.model.foot_strike;
    if (f.foot_touchdown_angle_deg < 0.0)
        return "foot_touchdown_angle_deg = " + format_number(f.foot_touchdown_angle_deg) +
               " < 0 lands on the ball, where the centre of pressure stays with the leg's rolling point";
    if (f.foot_touchdown_angle_deg == 0.0 && f.foot_stance_angle_deg < 0.0)
        return "foot_stance_angle_deg = " + format_number(f.foot_stance_angle_deg) +
               " < 0 keeps the heel up, the centre of pressure with the leg's rolling point on the ball";
    return {};
}

std::string cop_reach_unread(const Condition& c) {
    std::string why = cop_path_unread(c);
    if (why.empty() && c.model.foot_strike.cop_timing_exponent == 1.0)
        why = "cop_timing_exponent = 1: the early move's reach cancels out of the centre of pressure's path";
    return why;
}

}  // namespace registry_detail

const ParameterSpec* find_parameter(std::string_view name) {
    for (const auto& p : parameters())
        if (p.name == name) return &p;
    return nullptr;
}

const ChoiceSpec* find_choice(std::string_view name) {
    for (const auto& c : choices())
        if (c.name == name) return &c;
    return nullptr;
}

void set_parameter(Condition& condition, std::string_view name, double value) {
    const ParameterSpec* p = find_parameter(name);
    if (!p) {
        if (const ChoiceSpec* c = find_choice(name))
            throw InvalidParameter(name, value, "is a choice: valid values are " + option_list(*c));
        throw InvalidParameter(name, value, "unknown name; valid names are " + known_names());
    }
    if (std::isnan(value)) throw InvalidParameter(name, value, "valid range is " + p->valid.describe(p->unit));
    p->set(condition, value);
}

void set_choice(Condition& condition, std::string_view name, std::string_view option) {
    const ChoiceSpec* c = find_choice(name);
    if (!c) throw InvalidParameter(name, option, "unknown choice; valid names are " + known_names());
    for (std::size_t i = 0; i < c->option_count; ++i)
        if (c->option_name(i) == option) return c->set(condition, i);
    throw InvalidParameter(name, option, "valid values are " + option_list(*c));
}

double get_parameter(const Condition& condition, std::string_view name) {
    const ParameterSpec* p = find_parameter(name);
    if (!p) throw InvalidParameter(name, registry_detail::not_set, "unknown name; valid names are " + known_names());
    return p->get(condition);
}

std::string_view get_choice(const Condition& condition, std::string_view name) {
    const ChoiceSpec* c = find_choice(name);
    if (!c) throw InvalidParameter(name, "", "unknown choice; valid names are " + known_names());
    const std::size_t option = c->get(condition);
    if (option >= c->option_count)
        throw InvalidParameter(name, "(not one of its options)", "valid values are " + option_list(*c));
    return c->option_name(option);
}

std::string unread_reason(const ParameterSpec& parameter, const Condition& condition) {
    const ReadOnlyWith& read = parameter.read_only_with;
    if (read.choice.empty()) return parameter.unread_when ? parameter.unread_when(condition) : std::string{};
    const std::string_view chosen = get_choice(condition, read.choice);
    std::string readers;
    for (std::string_view option : read.options) {
        if (option == chosen) return {};
        if (!option.empty()) readers += (readers.empty() ? "" : ", ") + std::string(option);
    }
    return std::string(read.choice) + " = '" + std::string(chosen) + "' does not read it (" + readers +
           (readers.find(',') == std::string::npos ? " does" : " do") + ")";
}

Condition make_condition(const std::vector<NamedValue>& settings) {
    Condition condition;
    for (const auto& s : settings)
        if (s.is_choice()) set_choice(condition, s.name, s.option);
    const ClosureKind chosen = condition.closure.kind;
    for (const auto& s : settings)
        if (!s.is_choice()) set_parameter(condition, s.name, s.number);
    // A target selects its closure unless the closure was named; an explicit "empirical" (which
    // has no target) with a target is a contradiction, not a choice to override silently.
    for (const auto& s : settings)
        if (s.is_choice() && s.name == "closure" && condition.closure.kind != chosen)
            throw InvalidParameter("closure", s.option,
                                   "contradicts " + std::string(target_name(condition.closure.kind)) +
                                       " (a target selects its own closure; give one of them)");
    return condition;
}

void validate(const Condition& condition) {
    validate_choices(condition, true);
    validate_ranges(condition, true);
    validate(condition.gait, condition.closure);
}

void validate(const ModelParameters& model) {
    Condition condition;
    condition.model = model;
    validate_choices(condition, true);
    validate_ranges(condition, true);
}

void validate(const GaitTarget& gait, const Closure& closure) {
    Condition condition;
    condition.gait = gait;
    condition.closure = closure;
    validate_choices(condition, false);
    validate_ranges(condition, false);
    validate_gait_combination(gait);
    validate_closure(closure);
}

}  // namespace kneeload
