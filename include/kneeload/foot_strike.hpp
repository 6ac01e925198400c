#pragma once
/// @file foot_strike.hpp
/// Foot-strike pattern: where the foot first touches, how the centre of pressure (COP)
/// travels, and how fast the lower-limb mass is moving down at touchdown.

#include <cmath>
#include <limits>

#include "kneeload/constants.hpp"
#include "kneeload/errors.hpp"

namespace kneeload {

enum class FootStrikePattern { rearfoot, midfoot, forefoot };

inline const char* to_string(FootStrikePattern p) {
    switch (p) {
        case FootStrikePattern::rearfoot: return "rearfoot";
        case FootStrikePattern::midfoot: return "midfoot";
        case FootStrikePattern::forefoot: return "forefoot";
    }
    return "unknown";
}

/// Foot-strike description. Distances are fractions of the runner's foot length.
struct FootStrike {
    FootStrikePattern pattern = FootStrikePattern::rearfoot;
    /// Contact point at touchdown measured from the ankle along the foot, + toward the toes.
    double contact_from_ankle_per_foot_length = constants::rearfoot_contact_from_ankle_per_foot_length;
    /// Forward COP travel over stance.
    double cop_travel_per_foot_length = constants::rearfoot_cop_travel_per_foot_length;
    /// Downward speed of the lower-limb mass at touchdown [m/s] (>= 0).
    double lower_limb_touchdown_speed_m_per_s = constants::rearfoot_lower_limb_touchdown_speed_m_per_s;
    /// Ankle rotational stiffness [N m/deg]; in series with the shoe when the contact point
    /// is ahead of the ankle (Kuitunen et al. 2002).
    double ankle_stiffness_n_m_per_deg = constants::ankle_rotational_stiffness_n_m_per_deg;

    static FootStrike rearfoot() { return FootStrike{}; }
    static FootStrike midfoot() {
        return {FootStrikePattern::midfoot, constants::midfoot_contact_from_ankle_per_foot_length,
                constants::midfoot_cop_travel_per_foot_length,
                constants::midfoot_lower_limb_touchdown_speed_m_per_s,
                constants::ankle_rotational_stiffness_n_m_per_deg};
    }
    static FootStrike forefoot() {
        return {FootStrikePattern::forefoot, constants::forefoot_contact_from_ankle_per_foot_length,
                constants::forefoot_cop_travel_per_foot_length,
                constants::forefoot_lower_limb_touchdown_speed_m_per_s,
                constants::ankle_rotational_stiffness_n_m_per_deg};
    }
    static FootStrike of(FootStrikePattern p) {
        return p == FootStrikePattern::rearfoot ? rearfoot()
               : p == FootStrikePattern::midfoot ? midfoot() : forefoot();
    }

    /// Vertical stiffness the ankle adds in series under the contact point [N/m]:
    /// k_rot / lever^2 for a contact ahead of the ankle, infinite (none) otherwise.
    double ankle_series_stiffness_n_per_m(double foot_length_m) const {
        const double lever_m = contact_from_ankle_per_foot_length * foot_length_m;
        if (lever_m <= 1e-3) return std::numeric_limits<double>::infinity();
        const double k_rot_n_m_per_rad = ankle_stiffness_n_m_per_deg * 180.0 / constants::pi;
        return k_rot_n_m_per_rad / (lever_m * lever_m);
    }
};

inline void validate(const FootStrike& f) {
    require_in_range("foot_strike.contact_from_ankle_per_foot_length",
                     f.contact_from_ankle_per_foot_length, -0.35, 0.75, "(fraction of foot length)");
    require_in_range("foot_strike.cop_travel_per_foot_length", f.cop_travel_per_foot_length, 0.0,
                     1.0, "(fraction of foot length)");
    require_in_range("foot_strike.lower_limb_touchdown_speed_m_per_s",
                     f.lower_limb_touchdown_speed_m_per_s, 0.0, 3.0, "m/s");
    require_in_range("foot_strike.ankle_stiffness_n_m_per_deg", f.ankle_stiffness_n_m_per_deg, 1.0,
                     100.0, "N m/deg");
}

}  // namespace kneeload
