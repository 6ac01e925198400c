/// @file sweep/spec.cpp
#include "kneeload/sweep/spec.hpp"

#include <cmath>
#include <limits>

namespace kneeload {

std::size_t SweepSpec::size() const {
    if (!is_grid()) return points.size();
    std::size_t n = 1;
    for (const auto& axis : axes) {
        const std::size_t k = axis.size();
        if (k != 0 && n > std::numeric_limits<std::size_t>::max() / k)
            throw InvalidParameter("axes", static_cast<double>(k),
                                   "the grid has more conditions than can be counted (" + axis.name + ")");
        n *= k;
    }
    return n;
}

std::vector<std::size_t> SweepSpec::shape() const {
    std::vector<std::size_t> s;
    if (is_grid())
        for (const auto& axis : axes) s.push_back(axis.size());
    else
        s.push_back(points.size());
    return s;
}

std::vector<NamedValue> SweepSpec::settings(std::size_t i) const {
    std::vector<NamedValue> s = fixed;
    for (std::size_t k = 0; k < axes.size(); ++k) s.push_back({axes[k].name, std::nan(""), ""});
    NamedValue* axis_settings = s.data() + fixed.size();
    if (is_grid()) {
        for (std::size_t k = axes.size(); k-- > 0;) {  // row-major: the last axis runs fastest
            const SweepAxis& axis = axes[k];
            const std::size_t n = axis.size(), position = i % n;
            if (axis.is_choice())
                axis_settings[k].option = axis.options[position];
            else
                axis_settings[k].number = axis.values[position];
            i /= n;
        }
        return s;
    }
    for (std::size_t k = 0; k < axes.size(); ++k) {
        if (const ChoiceSpec* choice = find_choice(axes[k].name))
            axis_settings[k].option = std::string(choice->option_name(static_cast<std::size_t>(points[i][k])));
        else
            axis_settings[k].number = points[i][k];
    }
    return s;
}

namespace {

/// Fixed settings: known names and options, values in range (checked before any work: every
/// condition would otherwise fail alike).
void validate_fixed(const SweepSpec& spec) {
    (void)spec.base();  // throws for unknown names and options
    for (const auto& setting : spec.fixed) {
        for (const auto& axis : spec.axes)
            if (axis.name == setting.name)
                throw InvalidParameter(axis.name, setting.is_choice() ? setting.option : format_number(setting.number),
                                       "a fixed value, and the name is also swept: give it in one place");
        if (const ParameterSpec* p = find_parameter(setting.name))
            require_in_range(p->name, setting.number, p->valid, p->unit);
    }
}

void validate_choice_axis(const SweepSpec& spec, std::size_t a, const ChoiceSpec& choice) {
    for (const auto& option : spec.axes[a].options) {
        Condition probe;
        set_choice(probe, choice.name, option);  // throws for an unknown option
    }
    for (const auto& row : spec.points) {
        const double index = row.size() > a ? row[a] : 0.0;
        if (!(index >= 0 && index < double(choice.option_count) && index == std::floor(index)))
            throw InvalidParameter(
                choice.name, index,
                "a list sweep's choice column holds option indices 0.." + std::to_string(choice.option_count - 1));
    }
}

}  // namespace

void validate(const SweepSpec& spec) {
    validate_fixed(spec);
    for (std::size_t a = 0; a < spec.axes.size(); ++a) {
        const SweepAxis& axis = spec.axes[a];
        for (std::size_t b = 0; b < a; ++b)
            if (spec.axes[b].name == axis.name)
                throw InvalidParameter(axis.name, "two axes", "each name may be swept by one axis only");
        if (const ChoiceSpec* choice = find_choice(axis.name))
            validate_choice_axis(spec, a, *choice);
        else if (!find_parameter(axis.name))
            (void)get_parameter(Condition{}, axis.name);  // throws, naming the unknown axis
        if (spec.is_grid() && axis.size() == 0)
            throw InvalidParameter(axis.name, "no values", "a swept axis needs at least one value");
    }
    for (std::size_t i = 0; i < spec.points.size(); ++i)
        if (spec.points[i].size() != spec.axes.size())
            throw InvalidParameter("points", static_cast<double>(i),
                                   "rows with one value per axis (" + std::to_string(spec.axes.size()) + ")");
    (void)spec.size();  // throws on overflow
}

}  // namespace kneeload
