#pragma once
/// @file model/stance_model.hpp
/// The parameters of one simulation (immutable inputs) and the quantities the stance dynamics
/// derives from them once per parameter set. No scratch state (that lives in per-thread
/// workspaces), so one StanceModel can be shared by threads.

#include "kneeload/model/contact.hpp"
#include "kneeload/model/knee_geometry.hpp"
#include "kneeload/parameters/condition.hpp"
#include "kneeload/parameters/constants.hpp"

namespace kneeload {

struct StanceModel {
    ModelParameters parameters;
    double body_mass_kg = 0.0, upper_mass_kg = 0.0, lower_mass_kg = 0.0;
    double gravity = constants::gravity_m_per_s2;
    ContactStack contact;
    LegGeometry leg;
    /// COP ahead of the ankle at touchdown [m] and its forward travel over stance [m].
    double contact_ahead_of_ankle_m = 0.0, cop_travel_m = 0.0;
    double lower_limb_touchdown_speed_m_per_s = 0.0;

    /// Validates the parameters (InvalidParameter names the first invalid one).
    explicit StanceModel(const ModelParameters& parameters);

    /// Leg length (COP to hip) at touchdown for a leg angle phi from the vertical [rad] (foot
    /// ahead of the hip for phi > 0): the hip lies at the touchdown hip-ankle distance from the
    /// flat-foot ankle P = C + (-e, h_ankle). Solves |H - P| = d_td for H = C + L (-sin phi,
    /// cos phi): L = b + sqrt(b^2 - |P - C|^2 + d_td^2), b = e sin phi + h cos phi.
    double touchdown_leg_length_m(double phi_rad) const;
};

}  // namespace kneeload
