#pragma once
/// @file parameters/surface.hpp
/// The running surface: a linear spring in series with the shoe.

#include <limits>

#include "kneeload/parameters/constants.hpp"

namespace kneeload {

/// Vertical stiffness of the running surface [N/m]; +infinity = rigid (concrete, asphalt).
/// Springs in series: 1/k_total = 1/k_shoe_stack + 1/k_surface (Ferris DP, Liang K, Farley CT
/// (1999) J Biomech 32:787: 21.3 and 533 kN/m test surfaces; Kerdok AE et al. (2002) J Appl
/// Physiol 92:469: 75.4-945.7 kN/m).
struct Surface {
    double stiffness_n_per_m = constants::rigid_surface_stiffness_n_per_m.value;
    /// Fraction of body weight a lower-body positive-pressure (anti-gravity) treadmill takes off
    /// the runner: the body falls with the reduced gravity g (1 - f), as He, Kram & McMahon
    /// (1991) and Grabowski & Kram (2008) treat weight support.
    double body_weight_support_fraction = constants::no_body_weight_support.value;
    bool is_rigid() const { return stiffness_n_per_m == std::numeric_limits<double>::infinity(); }
};

}  // namespace kneeload
