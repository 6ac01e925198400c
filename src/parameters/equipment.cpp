/// @file parameters/equipment.cpp
/// Shoe wear and foot-strike presets.
#include <cmath>
#include <iterator>

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
            f.foot_touchdown_angle_deg = midfoot_foot_touchdown_angle_deg.value;
            f.knee_touchdown_flexion_deg = midfoot_knee_touchdown_flexion_deg.value;
            break;
        case FootStrikePattern::forefoot:
            f.foot_touchdown_angle_deg = forefoot_foot_touchdown_angle_deg.value;
            f.foot_stance_angle_deg = forefoot_foot_stance_angle_deg.value;
            f.heel_off_progress = forefoot_heel_off_progress.value;
            f.knee_touchdown_flexion_deg = forefoot_knee_touchdown_flexion_deg.value;
            break;
    }
    return f;
}

}  // namespace kneeload
