#pragma once
/// @file parameters/foot_strike.hpp
/// Foot-strike pattern: where the foot first touches, how the centre of pressure (COP)
/// travels, and how fast the lower-limb mass is moving down at touchdown.

#include "kneeload/parameters/constants.hpp"
#include "kneeload/parameters/enum_names.hpp"

namespace kneeload {

enum class FootStrikePattern { rearfoot, midfoot, forefoot };

inline constexpr EnumName<FootStrikePattern> foot_strike_names[] = {
    {FootStrikePattern::rearfoot, "rearfoot", "heel first: contact behind the ankle, COP travels to the forefoot"},
    {FootStrikePattern::midfoot, "midfoot", "whole foot at once: contact just ahead of the ankle"},
    {FootStrikePattern::forefoot, "forefoot", "ball of the foot first: contact under the metatarsal heads"},
};
constexpr const auto& enum_names(FootStrikePattern) { return foot_strike_names; }

/// Foot-strike description. Distances are fractions of the runner's foot length. Choosing a
/// pattern sets the other fields to that pattern's defaults (FootStrike::of).
struct FootStrike {
    FootStrikePattern pattern = FootStrikePattern::rearfoot;
    /// Contact point at touchdown measured from the ankle along the foot, + toward the toes.
    double contact_from_ankle_per_foot_length = constants::rearfoot_contact_from_ankle_per_foot_length.value;
    /// Forward COP travel over stance.
    double cop_travel_per_foot_length = constants::rearfoot_cop_travel_per_foot_length.value;
    /// Downward speed of the lower-limb mass at touchdown [m/s] (>= 0).
    double lower_limb_touchdown_speed_m_per_s = constants::rearfoot_lower_limb_touchdown_speed_m_per_s.value;
    /// Ankle rotational stiffness [N m/deg]; in series with the shoe when the contact point is
    /// ahead of the ankle (Kuitunen et al. 2002).
    double ankle_stiffness_n_m_per_deg = constants::ankle_rotational_stiffness_n_m_per_deg.value;

    /// The defaults of a pattern.
    static FootStrike of(FootStrikePattern pattern);
    /// Vertical stiffness the ankle adds in series under the contact point [N/m]:
    /// k_rot / lever^2 for a contact ahead of the ankle, infinite (none) otherwise.
    double ankle_series_stiffness_n_per_m(double foot_length_m) const;
};

}  // namespace kneeload
