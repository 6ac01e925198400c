#pragma once
/// @file model/patellofemoral.hpp
/// Patellofemoral joint (PFJ) contact submodel: quadriceps force from the knee extensor
/// moment, PFJ reaction force, contact area and stress, all as functions of knee flexion.
///
///   F_q  = M_ext / r_q(theta)   (0 when the net knee moment is flexor)
///   F_pf = k(theta) F_q
///   sigma = F_pf / A(theta)
/// theta = knee flexion [deg], 0 = straight. Coefficients: REFERENCES.md (PFJ), read in the
/// public implementation aaronsfox/pfjrf-methods (code/Fukuchi2017/calc_PFJRF.py).

#include "kneeload/parameters/knee.hpp"

namespace kneeload::pfj {

/// The curves are fitted over 0-90 deg of flexion; outside, they are evaluated at the nearest
/// end (a hyperextended knee takes the 0 deg values).
double clamp_flexion_deg(double flexion_deg);

/// Quadriceps moment arm r_q [m] (Nunes et al. 2018 review; code). 46 mm at 0 deg.
double quadriceps_moment_arm_m(double flexion_deg);

/// PFJ force / quadriceps force k(theta) (van Eijden et al. 1986 form; code).
double force_ratio(double flexion_deg);

/// PFJ contact area [mm^2] for the chosen curve.
double contact_area_mm2(double flexion_deg, ContactAreaCurve curve);

/// One instant of the PFJ chain.
struct Load {
    double quadriceps_force_n = 0.0;
    double pfj_force_n = 0.0;
    double contact_area_mm2 = 0.0;
    double stress_mpa = 0.0;  ///< N/mm^2
};

/// @param knee_extensor_moment_n_m internal knee extensor moment [N m] (flexor < 0)
Load evaluate(double flexion_deg, double knee_extensor_moment_n_m, ContactAreaCurve curve);

}  // namespace kneeload::pfj
