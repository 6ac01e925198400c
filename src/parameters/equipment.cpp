/// @file parameters/equipment.cpp
/// Shoe wear and foot-strike presets.
#include <cmath>
#include <iterator>
#include <limits>

#include "kneeload/parameters/foot_strike.hpp"
#include "kneeload/parameters/shoe.hpp"

namespace kneeload {

double Shoe::cushioning_retained() const {
    const auto& km = constants::shoe_wear_distance_km;
    const auto& kept = constants::shoe_wear_cushioning_retained;
    const std::size_t n = std::size(km);
    if (wear_km >= km[n - 1]) return kept[n - 1];
    std::size_t i = 1;
    while (wear_km > km[i]) ++i;
    return kept[i - 1] + (kept[i] - kept[i - 1]) * (wear_km - km[i - 1]) / (km[i] - km[i - 1]);
}

FootStrike FootStrike::of(FootStrikePattern pattern) {
    using namespace constants;
    FootStrike f;
    f.pattern = pattern;
    switch (pattern) {
        case FootStrikePattern::rearfoot:
            break;  // the member defaults
        case FootStrikePattern::midfoot:
            f.contact_from_ankle_per_foot_length = midfoot_contact_from_ankle_per_foot_length.value;
            f.cop_travel_per_foot_length = midfoot_cop_travel_per_foot_length.value;
            f.lower_limb_touchdown_speed_m_per_s = midfoot_lower_limb_touchdown_speed_m_per_s.value;
            break;
        case FootStrikePattern::forefoot:
            f.contact_from_ankle_per_foot_length = forefoot_contact_from_ankle_per_foot_length.value;
            f.cop_travel_per_foot_length = forefoot_cop_travel_per_foot_length.value;
            f.lower_limb_touchdown_speed_m_per_s = forefoot_lower_limb_touchdown_speed_m_per_s.value;
            break;
    }
    return f;
}

double FootStrike::ankle_series_stiffness_n_per_m(double foot_length_m) const {
    // A contact within 1 mm of the ankle has no lever: the ankle adds no compliance.
    constexpr double shortest_lever_m = 1e-3;
    const double lever_m = contact_from_ankle_per_foot_length * foot_length_m;
    if (lever_m <= shortest_lever_m) return std::numeric_limits<double>::infinity();
    const double k_rot_n_m_per_rad = ankle_stiffness_n_m_per_deg * constants::degrees_per_radian;
    return k_rot_n_m_per_rad / (lever_m * lever_m);
}

}  // namespace kneeload
