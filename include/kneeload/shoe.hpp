#pragma once
/// @file shoe.hpp
/// Shoe midsole (or barefoot heel pad) parameters, its force laws and wear with distance.

#include <cmath>
#include <string>

#include "kneeload/constants.hpp"
#include "kneeload/errors.hpp"

namespace kneeload {

enum class ShoeLaw {
    /// Linear spring and dashpot in parallel: F = k d + c s(d) d', with the dashpot engaging
    /// over the first `damping_onset_compression_m` (s(d) = min(1, d / d_on)) so that the
    /// force never jumps at first contact.
    kelvin_voigt,
    /// Stiffening foam, Hunt-Crossley damping (Hunt & Crossley 1975):
    /// F = k d_ref (d / d_ref)^n (1 + h d'). Damping vanishes with compression, so the force
    /// starts from zero at first contact and never jumps.
    hunt_crossley_foam,
    /// No shoe: the heel pad (Runner::heel_pad) alone meets the ground.
    barefoot,
};

inline const char* to_string(ShoeLaw law) {
    switch (law) {
        case ShoeLaw::kelvin_voigt: return "kelvin_voigt";
        case ShoeLaw::hunt_crossley_foam: return "hunt_crossley_foam";
        case ShoeLaw::barefoot: return "barefoot";
    }
    return "unknown";
}

/// A shoe midsole. Stiffness is the secant stiffness at `reference_compression_m` for the
/// foam law and the spring constant for Kelvin-Voigt. With the foam law (and barefoot) the
/// runner's heel pad acts in series; the Kelvin-Voigt law is the classical linear contact
/// that lumps heel pad and midsole into one spring and dashpot.
struct Shoe {
    ShoeLaw law = ShoeLaw::hunt_crossley_foam;
    double stiffness_n_per_m = constants::cushioned_shoe_stiffness_n_per_m;
    double reference_compression_m = constants::foam_reference_compression_m;
    double stiffening_exponent = constants::foam_stiffening_exponent;
    double hunt_crossley_damping_s_per_m = constants::cushioned_shoe_hunt_crossley_damping_s_per_m;
    double kelvin_voigt_damping_n_s_per_m = constants::cushioned_shoe_kelvin_voigt_damping_n_s_per_m;
    double damping_onset_compression_m = constants::kelvin_voigt_damping_onset_compression_m;
    /// Distance already run in the shoe [km]; raises stiffness (see worn_stiffness_n_per_m).
    double wear_km = 0.0;

    /// Default: a cushioned running shoe, stiffening foam with Hunt-Crossley damping.
    static Shoe cushioned() { return Shoe{}; }
    /// Barefoot: the heel pad alone (Runner::heel_pad, Kinoshita et al. 1993).
    static Shoe barefoot() {
        Shoe s;
        s.law = ShoeLaw::barefoot;
        return s;
    }
    /// Linear Kelvin-Voigt midsole of stiffness k [N/m] and damping c [N s/m].
    static Shoe kelvin_voigt(double stiffness_n_per_m, double damping_n_s_per_m) {
        Shoe s;
        s.law = ShoeLaw::kelvin_voigt;
        s.stiffness_n_per_m = stiffness_n_per_m;
        s.kelvin_voigt_damping_n_s_per_m = damping_n_s_per_m;
        return s;
    }

    /// Fraction of the new shoe's cushioning left after `wear_km` (piecewise linear through
    /// Cook et al. 1985: 1, 0.75, 0.67, 0.60 at 0, 50, 150, 500 miles; constant beyond).
    double cushioning_retained() const {
        const auto& km = constants::shoe_wear_distance_km;
        const auto& kept = constants::shoe_wear_cushioning_retained;
        constexpr int n = sizeof(km) / sizeof(km[0]);
        if (wear_km >= km[n - 1]) return kept[n - 1];
        for (int i = 1; i < n; ++i)
            if (wear_km <= km[i])
                return kept[i - 1] + (kept[i] - kept[i - 1]) * (wear_km - km[i - 1]) / (km[i] - km[i - 1]);
        return kept[n - 1];
    }
    /// Stiffness after wear [N/m]: new stiffness / cushioning retained.
    double worn_stiffness_n_per_m() const { return stiffness_n_per_m / cushioning_retained(); }
};

inline void validate(const Shoe& s) {
    require_in_range("shoe.stiffness_n_per_m", s.stiffness_n_per_m, 5.0e3, 5.0e6, "N/m");
    require_in_range("shoe.reference_compression_m", s.reference_compression_m, 1e-3, 0.05, "m");
    require_in_range("shoe.stiffening_exponent", s.stiffening_exponent, 1.0, 4.0, "");
    require_in_range("shoe.hunt_crossley_damping_s_per_m", s.hunt_crossley_damping_s_per_m, 0.0,
                     5.0, "s/m");
    require_in_range("shoe.kelvin_voigt_damping_n_s_per_m", s.kelvin_voigt_damping_n_s_per_m, 0.0,
                     5.0e3, "N s/m");
    require_in_range("shoe.damping_onset_compression_m", s.damping_onset_compression_m, 1e-5,
                     0.01, "m");
    require_in_range("shoe.wear_km", s.wear_km, 0.0, 5000.0, "km");
}

}  // namespace kneeload
