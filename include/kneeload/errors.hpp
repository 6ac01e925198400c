#pragma once
/// @file errors.hpp
/// The one exception type for bad input, and the range checks that throw it.
/// Every message names the parameter, the offending value and the valid range, so that
/// the Python layer can turn it into a ValueError that a user can act on.

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

namespace kneeload {

/// Thrown for any invalid parameter value. Derived from std::invalid_argument.
class InvalidParameter : public std::invalid_argument {
public:
    InvalidParameter(std::string parameter, double value, const std::string& valid_range)
        : std::invalid_argument(compose(parameter, value, valid_range)),
          parameter_(std::move(parameter)), value_(value) {}

    /// Dotted name of the parameter, e.g. "runner.body_mass_kg".
    const std::string& parameter() const noexcept { return parameter_; }
    double value() const noexcept { return value_; }

private:
    static std::string compose(const std::string& parameter, double value,
                               const std::string& valid_range) {
        std::ostringstream message;
        message.precision(10);
        message << "invalid parameter '" << parameter << "' = " << value
                << ": valid range is " << valid_range;
        return message.str();
    }
    std::string parameter_;
    double value_;
};

namespace detail {
inline std::string format_number(double x) {
    std::ostringstream s;
    s.precision(10);
    s << x;
    return s.str();
}
}  // namespace detail

/// Throws InvalidParameter unless lower <= value <= upper (bounds included unless the
/// corresponding *_open flag is set) and value is not NaN. `unit` is appended to the range.
inline void require_in_range(const char* parameter, double value, double lower, double upper,
                             const char* unit, bool lower_open = false, bool upper_open = false) {
    const bool ok = !std::isnan(value) && (lower_open ? value > lower : value >= lower) &&
                    (upper_open ? value < upper : value <= upper) &&
                    (std::isfinite(value) || (std::isinf(upper) && !upper_open && value > 0));
    if (!ok) {
        const std::string range = std::string(lower_open ? "(" : "[") +
                                  detail::format_number(lower) + ", " +
                                  detail::format_number(upper) + (upper_open ? ")" : "]") +
                                  (unit[0] != '\0' ? std::string(" ") + unit : std::string());
        throw InvalidParameter(parameter, value, range);
    }
}

}  // namespace kneeload
