#pragma once
/// @file gait/shooting.hpp
/// The periodic-step residuals of one candidate stance control (one stance integration and the
/// closed-form flight). A periodic step has step period T = 60 / cadence,
/// the same COM state at consecutive touchdowns, mean vertical force over the step = the weight
/// the body falls with (body weight, less any weight support) and zero net horizontal impulse. With the flight
/// ballistic the residuals are
///   R1 = y_com(next touchdown) - y_com(touchdown)           [m]
///   R2 = vy_com(next touchdown) - vy_com(touchdown)         [m/s]  (= (mean F_v / BW - 1) g T)
///   R3 = vx_com(take-off) - vx_com(touchdown)               [m/s]  (= net horizontal impulse / M)
///   R4 = COM distance over the step / T - speed             [m/s]
///   R5 = closure residual                                   [closure's unit]
/// in the unknowns (leg angle, hip velocity y and x at touchdown, leg stiffness, unloading
/// ratio).

#include <Eigen/Core>
#include <optional>
#include <string>

#include "kneeload/gait/closure.hpp"
#include "kneeload/integrate/stance.hpp"

namespace kneeload {

/// The five residuals with their names and units, plus two derived ones.
struct GaitResiduals {
    double com_height_m = 0.0;                     ///< R1
    double com_vertical_velocity_m_per_s = 0.0;    ///< R2
    double com_horizontal_velocity_m_per_s = 0.0;  ///< R3
    double mean_speed_m_per_s = 0.0;               ///< R4
    double closure = 0.0;                          ///< R5, closure units
    /// Derived: mean vertical force over the step / supported body weight - 1 (= R2 / (g T)).
    double mean_vertical_force_excess_bw = 0.0;
    /// Derived: net horizontal impulse over the step [N s] (= M R3).
    double net_horizontal_impulse_n_s = 0.0;
    double max_abs() const;
};

namespace shooting {

using Vector5 = Eigen::Matrix<double, 5, 1>;
enum : int { angle = 0, hip_vy, hip_vx, stiffness, ratio };

/// The leg stiffness is solved in units of 10 kN/m so that the Jacobian is well conditioned.
inline constexpr double stiffness_scale_n_per_m = 1.0e4;

/// Typical size of each unknown (angle rad, hip vy m/s, hip vx m/s, stiffness 10 kN/m, ratio):
/// the solver's finite-difference step is a fixed fraction of it.
inline const Vector5 typical_size = (Vector5() << 0.3, 1.0, 3.0, 1.0, 1.0).finished();
/// The weights of the solver's merit norm |w .* R|: 1 cm of COM height, 0.1 m/s of velocity and
/// speed, and 0.01 of the closure's unit (0.02 for the duty factor and the touchdown angle in
/// rad, whose residuals are coarser) count alike.
Vector5 residual_weights(ClosureKind closure);

/// The stance control of the unknowns, with the touchdown knee flexion of the gait's speed.
StanceControl control_from(const Vector5& unknowns, const StanceModel& model, const GaitKinematics& gait);
Vector5 unknowns_from(const StanceControl& control);
/// Keeps the unknowns where a stance is physically possible (the solver's box).
void clamp_unknowns(Vector5& unknowns);
/// The solver's box: the lower and upper limit of each unknown.
void box(Vector5& lower, Vector5& upper);
/// The physical limit the unknowns sit on (a face of the solver's box), described for a user;
/// empty inside the box. A solve that ends on a face has no periodic step within the limits.
std::optional<std::string> limit_reached(const Vector5& unknowns);

/// One candidate step.
struct Evaluation {
    StanceStatus stance_status = StanceStatus::ok;
    Vector5 residual = Vector5::Zero();
    GaitResiduals named;
    double contact_time_s = 0.0, flight_time_s = 0.0;
    double take_off_com_vy = 0.0;
    double com_touchdown_x_m = 0.0;  ///< the COM relative to the first contact at touchdown
    bool stance_ok() const { return stance_status == StanceStatus::ok; }
    bool ok() const { return stance_ok(); }  ///< the solver's name (newton_broyden.hpp)
};

Evaluation evaluate(const StanceModel& model, const GaitKinematics& gait, const ClosureTarget& target,
                    const Vector5& unknowns);

}  // namespace shooting
}  // namespace kneeload
