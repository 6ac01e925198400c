#pragma once
/// @file parameters/errors.hpp
/// Valid ranges and the one exception type for bad input. Every message names the parameter
/// as the user writes it (`body_mass_kg`), the offending value and what is valid, so that the
/// Python layer can turn it into a ValueError a user can act on.

#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kneeload {

/// An interval of valid values. Bounds are included unless marked open; +inf is accepted only
/// where `upper_may_be_infinite` says so (a rigid surface).
struct Range {
    double lower = -std::numeric_limits<double>::infinity();
    double upper = std::numeric_limits<double>::infinity();
    bool lower_open = false;
    bool upper_open = false;
    bool upper_may_be_infinite = false;

    bool contains(double value) const;
    /// "[20, 250] kg", "(0, 0.5)", "[10000, inf] N/m".
    std::string describe(std::string_view unit) const;
};

/// Thrown for any invalid input. Derived from std::invalid_argument (ValueError in Python).
class InvalidParameter : public std::invalid_argument {
public:
    /// "invalid parameter 'body_mass_kg' = -70: valid range is [20, 250] kg"
    InvalidParameter(std::string_view parameter, double value, std::string_view valid);
    /// For non-numeric values: "invalid parameter 'foot_strike' = 'heel': valid values are ..."
    InvalidParameter(std::string_view parameter, std::string_view value, std::string_view valid);

    /// The parameter's name as the user writes it.
    const std::string& parameter() const noexcept { return parameter_; }

private:
    std::string parameter_;
};

/// Throws InvalidParameter unless `range` contains `value` (NaN is never valid).
void require_in_range(std::string_view parameter, double value, const Range& range, std::string_view unit);

/// Formats a number as the messages show a user's input (10 significant digits, "inf", "nan"):
/// the value as written.
std::string format_number(double value);
/// Formats a computed value as the messages show it (4 significant digits, "inf", "nan"): a
/// metric, a bound or a residual, whose further digits carry no meaning to the reader.
std::string format_derived(double value);

}  // namespace kneeload
