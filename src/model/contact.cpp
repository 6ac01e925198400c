/// @file model/contact.cpp
/// Fitting the contact stack's one power law (contact.hpp explains the construction).
#include "kneeload/model/contact.hpp"

#include <cmath>

#include "kneeload/parameters/constants.hpp"

namespace kneeload {

PowerLawElement PowerLawElement::from_secant(double stiffness, double reference_compression, double exponent,
                                             double damping) {
    return {stiffness * std::pow(reference_compression, 1.0 - exponent), exponent, damping};
}

ContactStack::ContactStack(const Shoe& shoe, const HeelPad& heel_pad, double series_stiffness_n_per_m,
                           double soft_tissue_damping_s_per_m, double body_weight_n) {
    switch (shoe.law) {  // no default: a new law must be handled here (-Wswitch)
        case ShoeLaw::kelvin_voigt:
            fit_kelvin_voigt(shoe, series_stiffness_n_per_m);
            break;
        case ShoeLaw::hunt_crossley_foam:
        case ShoeLaw::barefoot:
            fit_power_law(shoe, heel_pad, series_stiffness_n_per_m, soft_tissue_damping_s_per_m, body_weight_n);
            break;
    }
}

void ContactStack::fit_kelvin_voigt(const Shoe& shoe, double series_stiffness_n_per_m) {
    kelvin_voigt_ = true;
    const double k = shoe.worn_stiffness_n_per_m();
    exponent_ = 1.0;
    coefficient_ =
        std::isfinite(series_stiffness_n_per_m) ? k * series_stiffness_n_per_m / (k + series_stiffness_n_per_m) : k;
    const double share = coefficient_ / k;  // shoe compliance / total compliance
    dashpot_n_s_per_m_ = shoe.kelvin_voigt_damping_n_s_per_m * share * share;
    onset_m_ = shoe.damping_onset_compression_m;
}

void ContactStack::fit_power_law(const Shoe& shoe, const HeelPad& heel_pad, double series_stiffness_n_per_m,
                                 double soft_tissue_damping_s_per_m, double body_weight_n) {
    PowerLawElement elements[2];
    int count = 0;
    elements[count++] =
        PowerLawElement::from_secant(heel_pad.stiffness_n_per_m, heel_pad.reference_compression_m,
                                     heel_pad.stiffening_exponent, heel_pad.hunt_crossley_damping_s_per_m);
    if (shoe.law == ShoeLaw::hunt_crossley_foam)
        elements[count++] = PowerLawElement::from_secant(shoe.worn_stiffness_n_per_m(), shoe.reference_compression_m,
                                                         shoe.stiffening_exponent, shoe.hunt_crossley_damping_s_per_m);
    const double series_compliance = 1.0 / series_stiffness_n_per_m;  // 0 for rigid
    if (count == 1 && series_compliance == 0.0) {                     // one element: its own law, exactly
        coefficient_ = elements[0].coefficient;
        exponent_ = elements[0].exponent;
        hunt_crossley_s_per_m_ = elements[0].damping_s_per_m + soft_tissue_damping_s_per_m;
        return;
    }
    auto compression = [&](double force) {
        double d = force * series_compliance;
        for (int i = 0; i < count; ++i) d += elements[i].compression_at(force);
        return d;
    };
    const double f_low = constants::contact_fit_low_force_bw * body_weight_n;
    const double f_high = constants::contact_fit_high_force_bw * body_weight_n;
    const double d_low = compression(f_low), d_high = compression(f_high);
    exponent_ = std::log(f_high / f_low) / std::log(d_high / d_low);
    coefficient_ = f_low / std::pow(d_low, exponent_);
    const double f_mid = std::sqrt(f_low * f_high);
    double total = series_compliance;
    for (int i = 0; i < count; ++i) total += elements[i].compliance_at(f_mid);
    hunt_crossley_s_per_m_ = soft_tissue_damping_s_per_m;
    for (int i = 0; i < count; ++i) {
        const double share = elements[i].compliance_at(f_mid) / total;
        hunt_crossley_s_per_m_ += share * share * elements[i].damping_s_per_m;
    }
}

}  // namespace kneeload
