#pragma once
/// @file parameters/enum_names.hpp
/// Enum <-> name tables. Every enum the user can choose or read declares one table of
/// {value, name, description} next to its definition, and provides it by an overload
/// `enum_names(Enum)` found by argument-dependent lookup. Conversions in both directions go
/// through that table only: no switch statements to keep in step, and no positional casts
/// (inserting an enumerator anywhere cannot map a name to the wrong value).

#include <string>
#include <string_view>

#include "kneeload/parameters/errors.hpp"

namespace kneeload {

template <class Enum>
struct EnumName {
    Enum value;
    std::string_view name;
    std::string_view description;
};

/// The name of an enumerator ("unknown" only for a value outside its table).
template <class Enum>
constexpr std::string_view to_string(Enum value) {
    for (const auto& entry : enum_names(value))
        if (entry.value == value) return entry.name;
    return "unknown";
}

/// The description of an enumerator.
template <class Enum>
constexpr std::string_view describe(Enum value) {
    for (const auto& entry : enum_names(value))
        if (entry.value == value) return entry.description;
    return "";
}

/// "rearfoot, midfoot, forefoot": the valid names of an enum, for messages.
template <class Enum>
std::string list_names(Enum any = Enum{}) {
    std::string list;
    for (const auto& entry : enum_names(any)) list += std::string(list.empty() ? "" : ", ") + std::string(entry.name);
    return list;
}

/// The enumerator called `name`; throws InvalidParameter naming `parameter` otherwise.
template <class Enum>
Enum parse_enum(std::string_view parameter, std::string_view name) {
    for (const auto& entry : enum_names(Enum{}))
        if (entry.name == name) return entry.value;
    throw InvalidParameter(parameter, name, "valid values are " + list_names<Enum>());
}

}  // namespace kneeload
