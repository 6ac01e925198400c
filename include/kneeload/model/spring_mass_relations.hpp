#pragma once
/// @file model/spring_mass_relations.hpp
/// Closed-form spring-mass relations of running, as lab studies compute them from a few
/// measured quantities. Used by the gait layer (empirical closure, first guess) and by the
/// metrics (the lab-comparable stiffness estimates); defined once, here.

#include <optional>

#include "kneeload/parameters/constants.hpp"

namespace kneeload {

/// The sine-wave spring-mass estimates of Morin JB, Dalleau G, Kyrolainen H, Jeannin T,
/// Belli A (2005) J Appl Biomech 21:167-180, from body mass, speed, leg length, contact and
/// flight time only:
///   F_max = m g (pi/2)(t_f/t_c + 1);  dy_c = F_max t_c^2/(m pi^2) - g t_c^2/8;
///   dL = L - sqrt(L^2 - (v t_c/2)^2) + dy_c;  k_vert = F_max/dy_c;  k_leg = F_max/dL.
struct SineWaveEstimate {
    double peak_force_n = 0.0;
    double com_drop_m = 0.0;
    double leg_compression_m = 0.0;
    double vertical_stiffness_n_per_m = 0.0;
    double leg_stiffness_n_per_m = 0.0;
};

/// Morin et al. (2005) as published. `cop_travel_m` > 0 shortens the angle the leg sweeps to
/// v t_c - cop_travel (the centre of pressure moves forward with the hip), which the gait
/// solver's first guess uses; the published method has none.
/// `gravity` is the acceleration the body falls with (less than g under weight support).
SineWaveEstimate sine_wave_estimate(double body_mass_kg, double speed_m_per_s, double leg_length_m,
                                    double contact_time_s, double flight_time_s, double cop_travel_m = 0.0,
                                    double gravity = constants::gravity_m_per_s2);

/// The contact time [s] at which the sine-wave leg stiffness of a step of period
/// `step_period_s` equals `leg_stiffness_n_per_m` (Boost.Math TOMS 748 on its monotone fall
/// with contact time), searched over contact times shorter than the step period for which the
/// leg sweeps less than twice its length. Empty when no such contact time reaches it.
std::optional<double> sine_wave_contact_time_s(double body_mass_kg, double speed_m_per_s, double leg_length_m,
                                               double step_period_s, double leg_stiffness_n_per_m,
                                               double cop_travel_m = 0.0, double gravity = constants::gravity_m_per_s2);

/// Lab-style (kinematic) leg stiffness [N/m], McMahon & Cheng (1990); Farley & Gonzalez
/// (1996): peak vertical GRF / (COM drop + L (1 - cos theta)), sin theta = v t_c / (2 L).
double kinematic_leg_stiffness_n_per_m(double peak_vgrf_n, double com_drop_m, double leg_length_m, double speed_m_per_s,
                                       double contact_time_s);

}  // namespace kneeload
