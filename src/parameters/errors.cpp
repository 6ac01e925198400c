/// @file parameters/errors.cpp
#include "kneeload/parameters/errors.hpp"

#include <cmath>
#include <sstream>

namespace kneeload {

bool Range::contains(double value) const {
    if (std::isnan(value)) return false;
    if (std::isinf(value) && !(value > 0 && upper_may_be_infinite)) return false;
    const bool above = lower_open ? value > lower : value >= lower;
    const bool below = upper_open ? value < upper : value <= upper;
    return above && below;
}

std::string Range::describe(std::string_view unit) const {
    std::ostringstream text;
    text << (lower_open ? "(" : "[") << format_number(lower) << ", " << format_number(upper)
         << (upper_open ? ")" : "]");
    if (!unit.empty() && unit != "1") text << ' ' << unit;
    return text.str();
}

namespace {
std::string formatted(double value, int significant_digits) {
    std::ostringstream s;
    s.precision(significant_digits);
    s << value;
    return s.str();
}
}  // namespace

std::string format_number(double value) { return formatted(value, 10); }

std::string format_derived(double value) { return formatted(value, 4); }

InvalidParameter::InvalidParameter(std::string_view parameter, double value, std::string_view valid)
    : std::invalid_argument("invalid parameter '" + std::string(parameter) + "' = " + format_number(value) + ": " +
                            std::string(valid)),
      parameter_(parameter) {}

InvalidParameter::InvalidParameter(std::string_view parameter, std::string_view value, std::string_view valid)
    : std::invalid_argument("invalid parameter '" + std::string(parameter) + "' = '" + std::string(value) +
                            "': " + std::string(valid)),
      parameter_(parameter) {}

void require_in_range(std::string_view parameter, double value, const Range& range, std::string_view unit) {
    if (!range.contains(value)) throw InvalidParameter(parameter, value, "valid range is " + range.describe(unit));
}

}  // namespace kneeload
