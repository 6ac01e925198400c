#pragma once
/// @file parameters/shoe.hpp
/// Shoe midsole (or barefoot heel pad) parameters and the midsole's wear with distance.

#include "kneeload/parameters/constants.hpp"
#include "kneeload/parameters/enum_names.hpp"

namespace kneeload {

enum class ShoeLaw { hunt_crossley_foam, kelvin_voigt, barefoot };

inline constexpr EnumName<ShoeLaw> shoe_law_names[] = {
    {ShoeLaw::hunt_crossley_foam, "hunt_crossley_foam",
     "stiffening foam F = k d_ref (d/d_ref)^n (1 + h d') in series with the heel pad (Hunt & Crossley 1975)"},
    {ShoeLaw::kelvin_voigt, "kelvin_voigt",
     "linear spring and dashpot F = k d + c s(d) d', lumping heel pad, midsole and soft tissue"},
    {ShoeLaw::barefoot, "barefoot", "no shoe: the heel pad alone meets the ground"},
};
constexpr const auto& enum_names(ShoeLaw) { return shoe_law_names; }

/// A shoe midsole. Stiffness is the secant stiffness at `reference_compression_m` for the
/// foam law and the spring constant for Kelvin-Voigt. With the foam law (and barefoot) the
/// runner's heel pad acts in series; the Kelvin-Voigt law is the classical linear contact
/// whose k and c lump heel pad, midsole and soft tissue.
struct Shoe {
    ShoeLaw law = ShoeLaw::hunt_crossley_foam;
    double stiffness_n_per_m = constants::cushioned_shoe_stiffness_n_per_m.value;
    double reference_compression_m = constants::foam_reference_compression_m.value;
    double stiffening_exponent = constants::foam_stiffening_exponent.value;
    double hunt_crossley_damping_s_per_m = constants::cushioned_shoe_hunt_crossley_damping_s_per_m.value;
    double kelvin_voigt_damping_n_s_per_m = constants::cushioned_shoe_kelvin_voigt_damping_n_s_per_m.value;
    /// The Kelvin-Voigt dashpot engages linearly over this compression, so the force never jumps.
    double damping_onset_compression_m = constants::kelvin_voigt_damping_onset_compression_m.value;
    /// Distance already run in the shoe [km]; raises stiffness (see worn_stiffness_n_per_m).
    double wear_km = constants::new_shoe_wear_km.value;

    /// Fraction of the new shoe's cushioning left after `wear_km` (piecewise linear through
    /// Cook et al. 1985: 1, 0.75, 0.67, 0.60 at 0, 50, 150, 500 miles; constant beyond).
    double cushioning_retained() const;
    /// Stiffness after wear [N/m]: new stiffness / cushioning retained.
    double worn_stiffness_n_per_m() const { return stiffness_n_per_m / cushioning_retained(); }
};

}  // namespace kneeload
