/// @file sweep/layout.cpp
#include "kneeload/sweep/layout.hpp"

#include <cmath>

#include "kneeload/sweep/evaluate.hpp"
#include "kneeload/version.hpp"

namespace kneeload {

namespace {

/// What a body-weight multiple is a multiple of (metrics/stance_metrics.cpp divides by it).
constexpr std::string_view body_weight_normalisation =
    "body weight: body_mass_kg x standard gravity 9.80665 m s-2 (values are multiples of it)";

/// Registry unit spellings that UDUNITS-2 or pint do not read, and their CF spelling; every
/// other registry unit is already UDUNITS-2 (tests/python/test_files.py parses all of them).
struct CfSpelling {
    std::string_view registry, cf;
    bool body_weight = false;
};
constexpr CfSpelling cf_spellings[] = {
    {"BW", "1", true}, {"BW/s", "s-1", true}, {"steps/min", "min-1"},        {"1/km", "km-1"},
    {"deg", "degree"}, {"mm^2", "mm2"},       {"deg/(m/s)", "degree s m-1"}, {"N m/deg", "N m degree-1"},
};

bool is_axis(const SweepSpec& spec, std::string_view name) {
    for (const auto& axis : spec.axes)
        if (axis.name == name) return true;
    return false;
}

std::vector<LayoutDimension> dimensions(const SweepSpec& spec, std::size_t curve_points) {
    std::vector<LayoutDimension> dims;
    if (spec.is_grid()) {
        for (const auto& axis : spec.axes) {
            LayoutDimension d{axis.name, axis.values, axis.options, {}};
            if (const ParameterSpec* p = find_parameter(axis.name))
                d.attributes = cf_attributes(p->unit, p->description);
            else
                d.attributes = {{"long_name", std::string(find_choice(axis.name)->description)}};
            dims.push_back(std::move(d));
        }
    } else {
        LayoutDimension d{"condition", {}, {}, {{"long_name", std::string("condition of a list sweep")}}};
        for (std::size_t i = 0; i < spec.points.size(); ++i) d.values.push_back(static_cast<double>(i));
        dims.push_back(std::move(d));
    }
    if (curve_points > 0) {
        LayoutDimension d{
            "stance_pct", {}, {}, cf_attributes("%", "percent of stance, touchdown (0) to take-off (100)")};
        StanceCurves grid;
        grid.points = curve_points;
        for (std::size_t k = 0; k < curve_points; ++k) d.values.push_back(grid.stance_pct(k));
        dims.push_back(std::move(d));
    }
    return dims;
}

/// Conditions that between them show every way the sweep varies: each axis value with the
/// other axes at their first value (a grid), or every row (a list). A parameter can only change
/// with its own axis or with a choice axis (a foot-strike pattern, a closure target), so these
/// are enough to tell which settings are the same in every condition.
std::vector<Condition> probe_conditions(const SweepSpec& spec) {
    std::vector<Condition> probes;
    auto add = [&](std::size_t i) {
        try {
            probes.push_back(spec.condition(i));
        } catch (const InvalidParameter&) {  // an invalid condition is recorded as such when it runs
        }
    };
    if (!spec.is_grid()) {
        for (std::size_t i = 0; i < spec.points.size(); ++i) add(i);
    } else {
        add(0);
        std::size_t stride = 1;
        for (std::size_t k = spec.axes.size(); k-- > 0;) {
            for (std::size_t j = 1; j < spec.axes[k].size(); ++j) add(j * stride);
            stride *= spec.axes[k].size();
        }
    }
    if (probes.empty()) probes.push_back(spec.base());
    return probes;
}

/// The parameters and choices that are the same in every condition, as numbers and names (a
/// setting that varies is in the dataset's axes or follows from them).
Attributes condition_attributes(const SweepSpec& spec) {
    const std::vector<Condition> probes = probe_conditions(spec);
    Attributes a;
    for (const auto& c : choices()) {
        const std::size_t option = c.get(probes.front());
        bool fixed = !is_axis(spec, c.name);
        for (const auto& p : probes) fixed = fixed && c.get(p) == option;
        if (fixed) a.push_back({std::string(c.name), std::string(c.option_name(option))});
    }
    for (const auto& p : parameters()) {
        const bool set = p.has_value(probes.front());
        const double value = p.get(probes.front());
        bool fixed = !is_axis(spec, p.name) && set;
        for (const auto& q : probes) fixed = fixed && p.has_value(q) && p.get(q) == value;
        if (fixed) a.push_back({std::string(p.name), value});
    }
    return a;
}

/// The variables of a list sweep's axes, along "condition".
void add_axis_variables(SweepLayout& layout, const SweepSpec& spec, const std::vector<std::string>& dims) {
    if (spec.is_grid()) return;
    for (std::size_t k = 0; k < spec.axes.size(); ++k) {
        const SweepAxis& axis = spec.axes[k];
        const ParameterSpec* p = find_parameter(axis.name);
        layout.variables.push_back({axis.name, dims, p ? LayoutVariable::Type::float64 : LayoutVariable::Type::string,
                                    LayoutVariable::Source::axis, k,
                                    p ? cf_attributes(p->unit, p->description)
                                      : Attributes{{"long_name", std::string(find_choice(axis.name)->description)}}});
    }
}

void add_metric_variables(SweepLayout& layout, const SweepSpec& spec, const std::vector<std::string>& dims) {
    for (std::size_t m = 0; m < metric_count; ++m) {
        const MetricSpec& metric = metric_registry[m];
        if (is_axis(spec, metric.name)) continue;  // a swept axis is its own coordinate
        layout.variables.push_back({std::string(metric.name), dims, LayoutVariable::Type::float64,
                                    LayoutVariable::Source::metric, m, cf_attributes(metric.unit, metric.description)});
    }
}

void add_outcome_variables(SweepLayout& layout, const std::vector<std::string>& dims) {
    std::vector<int> flag_values;
    std::string flag_meanings;
    for (const auto& s : condition_status_names) {
        flag_values.push_back(static_cast<int>(s.value));
        flag_meanings += std::string(flag_meanings.empty() ? "" : " ") + std::string(s.name);
    }
    layout.variables.push_back({"status",
                                dims,
                                LayoutVariable::Type::int32,
                                LayoutVariable::Source::status,
                                0,
                                {{"long_name", std::string("outcome of the condition")},
                                 {"flag_values", flag_values},
                                 {"flag_meanings", flag_meanings}}});
    layout.variables.push_back({"reason",
                                dims,
                                LayoutVariable::Type::string,
                                LayoutVariable::Source::reason,
                                0,
                                {{"long_name", std::string("why the condition failed (empty when ok)")}}});
}

void add_curve_variables(SweepLayout& layout, std::vector<std::string> dims, std::size_t curve_points) {
    if (curve_points == 0) return;
    dims.push_back("stance_pct");
    for (std::size_t c = 0; c < time_series_column_count; ++c) {
        const ColumnSpec& column = time_series_registry[c];
        layout.variables.push_back({std::string(column.name), dims, LayoutVariable::Type::float64,
                                    LayoutVariable::Source::curve, c, cf_attributes(column.unit, column.description)});
    }
}

}  // namespace

Attributes cf_global_attributes(std::string_view title) {
    const std::string version(version_string);
    return {{"Conventions", std::string("CF-1.10")},
            {"title", std::string(title)},
            {"source", "kneeload " + version + " (C++ engine, periodic-gait solver)"},
            {"references", "kneeload " + version +
                               ": REFERENCES.md (the sources of every constant) and CITATION.cff of the kneeload "
                               "source; validated against Fukuchi, Fukuchi & Duarte (2017), doi:10.7717/peerj.3298"},
            {"kneeload_version", version}};
}

Attributes cf_attributes(std::string_view registry_unit, std::string_view long_name) {
    for (const CfSpelling& s : cf_spellings) {
        if (s.registry != registry_unit) continue;
        Attributes a{{"units", std::string(s.cf)}, {"long_name", std::string(long_name)}};
        if (s.body_weight) a.push_back({"normalisation", std::string(body_weight_normalisation)});
        return a;
    }
    return {{"units", std::string(registry_unit)}, {"long_name", std::string(long_name)}};
}

std::vector<double> axis_column_values(const SweepSpec& spec, std::size_t axis) {
    std::vector<double> column;
    for (const auto& row : spec.points) column.push_back(row[axis]);
    return column;
}

std::vector<std::string> axis_column_labels(const SweepSpec& spec, std::size_t axis) {
    const ChoiceSpec& choice = *find_choice(spec.axes[axis].name);
    std::vector<std::string> labels;
    for (const auto& row : spec.points) labels.emplace_back(choice.option_name(static_cast<std::size_t>(row[axis])));
    return labels;
}

SweepLayout sweep_layout(const SweepSpec& spec, std::size_t curve_points) {
    SweepLayout layout;
    layout.dimensions = dimensions(spec, curve_points);
    std::vector<std::string> dims;
    for (const auto& d : layout.dimensions)
        if (d.name != "stance_pct") dims.push_back(d.name);
    add_axis_variables(layout, spec, dims);
    add_metric_variables(layout, spec, dims);
    add_outcome_variables(layout, dims);
    add_curve_variables(layout, dims, curve_points);
    layout.attributes = cf_global_attributes("kneeload sweep: running ground contact and patellofemoral joint load");
    for (auto& a : condition_attributes(spec)) layout.attributes.push_back(std::move(a));
    return layout;
}

}  // namespace kneeload
