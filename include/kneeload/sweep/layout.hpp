#pragma once
/// @file sweep/layout.hpp
/// The layout of a sweep's results as a dataset: dimensions with their coordinates, variables
/// with their dimensions, types and attributes, and the dataset's attributes, all from the
/// registries. The HDF5 writer (io/hdf5.hpp) and the Python package's in-memory
/// xarray.Dataset are both built from it, so a file and an in-memory result have one layout.

#include <string>
#include <variant>
#include <vector>

#include "kneeload/sweep/engine.hpp"

namespace kneeload {

using AttributeValue = std::variant<double, std::string, std::vector<int>>;
struct Attribute {
    std::string name;
    AttributeValue value;
};
using Attributes = std::vector<Attribute>;

struct LayoutDimension {
    std::string name;
    std::vector<double> values;       ///< numeric coordinate
    std::vector<std::string> labels;  ///< string coordinate (a choice axis)
    Attributes attributes;
    std::size_t size() const { return labels.empty() ? values.size() : labels.size(); }
};

struct LayoutVariable {
    enum class Type { float64, int32, string };
    /// Where the data come from: a list sweep's axis column, a metric, status, reason, or a
    /// stance curve of a time-series column.
    enum class Source { axis, metric, status, reason, curve };
    std::string name;
    std::vector<std::string> dimensions;
    Type type = Type::float64;
    Source source = Source::metric;
    std::size_t index = 0;  ///< axis, metric or time-series column index
    Attributes attributes;
};

struct SweepLayout {
    std::vector<LayoutDimension> dimensions;
    std::vector<LayoutVariable> variables;
    Attributes attributes;
};

/// The dataset layout of a sweep with `curve_points` stance-curve points (0: none). Its
/// attributes follow the CF conventions (CF-1.10): `units` in UDUNITS-2 syntax, `long_name` on
/// every variable and coordinate, `flag_values`/`flag_meanings` on `status`, and the root
/// attributes `Conventions`, `title`, `source` and `references` (a writer adds `history`).
SweepLayout sweep_layout(const SweepSpec& spec, std::size_t curve_points);

/// The CF attributes `units` and `long_name` of a registry entry with unit `registry_unit`
/// (as the registries write it: "BW", "steps/min", "deg", ...). `units` is readable by UDUNITS-2
/// and pint: multiples of body weight are dimensionless ("1", "s-1" for BW/s) with an attribute
/// `normalisation` naming the body weight; counted steps leave the unit ("min-1"; the long
/// name says what is counted); every other unit is the registry's own spelling, already UDUNITS.
Attributes cf_attributes(std::string_view registry_unit, std::string_view long_name);

/// The root attributes of the CF conventions (CF-1.10, section 2.6.2: `Conventions`, `title`,
/// `source`, `references`) and `kneeload_version`; `history` is the writer's.
Attributes cf_global_attributes(std::string_view title);

/// A list sweep's axis column j as numbers (numeric axis) or option names (choice axis).
std::vector<double> axis_column_values(const SweepSpec& spec, std::size_t axis);
std::vector<std::string> axis_column_labels(const SweepSpec& spec, std::size_t axis);

}  // namespace kneeload
