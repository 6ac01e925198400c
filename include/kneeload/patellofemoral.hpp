#pragma once
/// @file patellofemoral.hpp
/// Patellofemoral joint (PFJ) contact submodel: quadriceps force from the knee extensor
/// moment, PFJ reaction force, contact area and stress, all as functions of knee flexion.
///
///   F_q  = M_ext / r_q(theta)   (0 when the net knee moment is flexor)
///   F_pf = k(theta) F_q
///   sigma = F_pf / A(theta)
/// theta = knee flexion [deg], 0 = straight. Coefficients: REFERENCES.md, read in
/// aaronsfox/pfjrf-methods (code/Fukuchi2017/calc_PFJRF.py).

#include <algorithm>

#include "kneeload/errors.hpp"

namespace kneeload {

/// Which contact-area curve turns PFJ force into stress. It changes absolute stress by
/// about 2x, so every result records which curve made it.
enum class ContactAreaCurve {
    /// A = -0.0001 t^3 - 0.0082 t^2 + 3.5071 t + 73.81 mm^2 ("Kernozek" cubic; 206 mm^2 at 45 deg)
    kernozek_cubic,
    /// A = -2e-5 t^4 + 0.0033 t^3 - 0.1099 t^2 + 3.5273 t + 81.058 mm^2 (Doyle et al. 2023
    /// quartic with alternating signs; sign pattern unverified against the paper; 236 mm^2 at 45 deg)
    doyle_quartic,
};

inline const char* to_string(ContactAreaCurve c) {
    return c == ContactAreaCurve::kernozek_cubic ? "kernozek_cubic" : "doyle_quartic";
}

struct Patellofemoral {
    ContactAreaCurve contact_area_curve = ContactAreaCurve::kernozek_cubic;
};

namespace pfj {

/// The curves are fitted over 0-90 deg of flexion; outside, they are evaluated at the
/// nearest end (a hyperextended knee takes the 0 deg values).
inline double clamp_flexion_deg(double flexion_deg) { return std::clamp(flexion_deg, 0.0, 90.0); }

/// Quadriceps moment arm r_q [m] (Nunes et al. 2018 review; code). 46 mm at 0 deg.
inline double quadriceps_moment_arm_m(double flexion_deg) {
    const double t = clamp_flexion_deg(flexion_deg);
    return ((8.0e-8 * t - 1.3e-5) * t + 2.8e-4) * t + 0.046;
}

/// PFJ force / quadriceps force k(theta) (van Eijden et al. 1986 form; code):
/// 0.462 at 0 deg, 0.864 at 45 deg, 0.986 at 80 deg.
inline double force_ratio(double flexion_deg) {
    const double t = clamp_flexion_deg(flexion_deg);
    const double numerator = 0.462 + 0.00147 * t - 0.0000384 * t * t;
    const double denominator = 1.0 - 0.0162 * t + 0.000155 * t * t - 0.000000698 * t * t * t;
    return numerator / denominator;
}

/// PFJ contact area [mm^2] for the chosen curve.
inline double contact_area_mm2(double flexion_deg, ContactAreaCurve curve) {
    const double t = clamp_flexion_deg(flexion_deg);
    switch (curve) {
        case ContactAreaCurve::kernozek_cubic:
            return ((-0.0001 * t - 0.0082) * t + 3.5071) * t + 73.81;
        case ContactAreaCurve::doyle_quartic:
            return (((-2e-5 * t + 0.0033) * t - 0.1099) * t + 3.5273) * t + 81.058;
    }
    return 0.0;
}

/// One instant of the PFJ chain.
struct Load {
    double quadriceps_force_n = 0.0;
    double pfj_force_n = 0.0;
    double contact_area_mm2 = 0.0;
    double stress_mpa = 0.0;  ///< N/mm^2
};

/// @param knee_extensor_moment_n_m internal knee extensor moment [N m] (flexor < 0)
inline Load evaluate(double flexion_deg, double knee_extensor_moment_n_m, ContactAreaCurve curve) {
    Load load;
    load.contact_area_mm2 = contact_area_mm2(flexion_deg, curve);
    load.quadriceps_force_n = std::max(0.0, knee_extensor_moment_n_m) / quadriceps_moment_arm_m(flexion_deg);
    load.pfj_force_n = force_ratio(flexion_deg) * load.quadriceps_force_n;
    load.stress_mpa = load.pfj_force_n / load.contact_area_mm2;
    return load;
}

}  // namespace pfj
}  // namespace kneeload
