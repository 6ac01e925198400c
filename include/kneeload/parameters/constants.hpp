#pragma once
/// @file parameters/constants.hpp
/// Every published constant kneeload uses, in one place, each with its source.
/// A `Constant` carries its value and its source; the parameter registry
/// (parameters/registry.hpp) shows that source next to the parameter it is the default of.
/// A source starting with "model choice" is not a published figure: it is an assumption of
/// this model, chosen where noted and exposed as a parameter so that users can vary it.
/// All values SI unless the name carries another unit.

#include <limits>
#include <string_view>

namespace kneeload::constants {

/// A value with the source it comes from.
struct Constant {
    double value;
    std::string_view source;
};

/// Standard gravity [m/s^2].
inline constexpr double gravity_m_per_s2 = 9.80665;
inline constexpr double pi = 3.14159265358979323846;
inline constexpr double degrees_per_radian = 180.0 / pi;
inline constexpr double km_per_mile = 1.609344;

// ---------------------------------------------------------------- default runner
inline constexpr Constant default_body_mass_kg{70.0, "model choice: the default runner of the calibration"};
inline constexpr Constant default_height_m{1.75, "model choice: the default runner of the calibration"};

// ---------------------------------------------------------------- anthropometry
// Segment lengths as fractions of body height H. Winter DA (2009) Biomechanics and Motor
// Control of Human Movement, 4th ed., Fig. 4.1 (read via code citing it; secondary).
// thigh + shank + ankle height = 0.530 H = standing hip height, the leg length that
// Morin et al. (2005) use (L = 0.53 H).
inline constexpr std::string_view winter_2009 =
    "Winter (2009) Biomechanics and Motor Control of Human Movement, Fig. 4.1";
inline constexpr Constant thigh_length_per_height{0.245, winter_2009};
inline constexpr Constant shank_length_per_height{0.246, winter_2009};
inline constexpr Constant ankle_height_per_height{0.039, winter_2009};
inline constexpr Constant foot_length_per_height{0.152, winter_2009};

/// Lower-limb (stance shank + foot) mass as a fraction of body mass: the two-mass model's
/// m1 = 0.08 Mb.
inline constexpr Constant lower_limb_mass_fraction{0.08, "Clark, Ryan & Weyand (2017) J Exp Biol 220:247-258"};
/// The foot's share of the lower-limb mass: the part that lands on the contact stack; the rest
/// is coupled to it by soft tissue (a wobbling mass, Nigg & Liu 1999 J Biomech 32:849). Foot
/// 0.0145 body mass (Winter 2009, Table 4.1) of the lower limb's 0.08 (Clark et al. 2017).
inline constexpr Constant foot_share_of_lower_limb{
    0.0145 / 0.08, "Winter (2009) Table 4.1 foot mass 0.0145 / Clark et al. (2017) lower limb 0.08"};
/// Natural frequency of the lower limb's mass beyond the foot on its soft-tissue coupling, and
/// the coupling's damping ratio: the two-mass model decelerates the lower limb over about twice
/// the time to the impact peak (Clark et al. 2017); calibrated on the rearfoot trials' impact.
inline constexpr Constant lower_limb_tissue_frequency_hz{
    15.46, "model choice calibrated on the calibration trials of Fukuchi et al. (2017)"};
inline constexpr Constant lower_limb_tissue_damping_ratio{
    0.3174, "model choice calibrated on the calibration trials of Fukuchi et al. (2017)"};

/// The leg's force-velocity factor a [s/m]: the leg's force is its spring's times
/// (1 - a dL/dt), higher while the leg shortens and lower while it lengthens, as muscle force
/// is above its isometric value while the muscle is stretched and below it while it shortens
/// (the force-velocity relation, Hill 1938 Proc R Soc B 126:136), linearised about the
/// isometric force. It skews the vertical force towards early stance. Calibrated on the
/// calibration trials' force curves.
inline constexpr Constant leg_force_velocity_s_per_m{
    0.06815, "model choice calibrated on the calibration trials of Fukuchi et al. (2017)"};

/// The unloading leg spring's force-compression exponent n: after the lowest point the leg's
/// spring force is F_s (c / c_s)^n in its compression c from the unloading rest length, with
/// the force F_s and the stiffness k_u = n F_s / c_s at the switch (so c_s = n F_s / k_u). n = 1
/// is the linear spring; n > 1 softens the leg as it nears its rest length, so that the force
/// leaves the ground gradually, as the measured runners' force does in late stance, instead of
/// falling at its steepest until take-off. Phenomenological (no joint-level source). Calibrated
/// on the calibration trials with the other choices: alone, n > 1 fits the force curves better
/// and the knee moment's worse; with the foot's roll, the lower limb's landing and the leg
/// stiffness recalibrated with it, both curves meet their targets (README, Validation).
inline constexpr Constant leg_unloading_exponent{
    1.144, "model choice calibrated on the calibration trials of Fukuchi et al. (2017)"};

/// The ground force's line runs from the COP towards a point this far below the upper body's
/// centre of mass (a virtual pivot point, VPP). Runners' ground-force vectors cross below the
/// centre of mass in the sagittal plane at every speed (Firouzi et al. 2022 J Exp Biol
/// 225:jeb243080; Drama et al. 2020 R Soc Open Sci 7:200570, about 0.3 m below at 5 m/s): the
/// force tilts further back in early stance (more braking) and further forward in late stance
/// (more propulsion) than a force aimed at the centre of mass. The model keeps no trunk rotation:
/// the pivot only sets the force's line. Off by default: on the calibration trials it lowers the
/// knee moment's fit, and recalibrated with the other choices it gains nothing (README,
/// Validation).
inline constexpr Constant virtual_pivot_below_com_m{
    0.0,
    "model choice: the force aimed at the centre of mass (measured below it in running: Firouzi et al. 2022 J Exp "
    "Biol 225:jeb243080; Drama et al. 2020 R Soc Open Sci 7:200570)"};

// ---------------------------------------------------------------- foot
/// The foot's geometry along the sole, as fractions of foot length: the ankle joint centre lies
/// ~0.2 foot length ahead of the heel, the ball of the foot (metatarsal heads) ~0.73 foot length
/// from the heel. Typical adult proportions; labelled a model choice (no single source).
inline constexpr std::string_view foot_geometry_choice =
    "model choice: typical adult foot (ankle ~0.20, metatarsal heads ~0.73 foot length from the heel)";
inline constexpr Constant heel_behind_ankle_per_foot_length{0.20, foot_geometry_choice};
inline constexpr Constant ball_ahead_of_ankle_per_foot_length{0.53, foot_geometry_choice};

// ---------------------------------------------------------------- trunk
/// Head-arms-trunk (HAT) segment: 0.678 of body mass, centre of mass 0.626 of the greater
/// trochanter - glenohumeral distance (0.818 H - 0.530 H = 0.288 H) from the trochanter (Winter
/// 2009, Table 4.1 and Fig. 4.1). Tilting the trunk by theta moves the upper body's centre of
/// mass forward of the hip by (m_HAT / m_upper) r_HAT sin(theta).
inline constexpr Constant trunk_mass_fraction{0.678, winter_2009};
inline constexpr Constant trunk_com_above_hip_per_height{0.626 * 0.288, winter_2009};
/// Self-selected trunk flexion in running at 3.4 m/s: 7.3 +/- 3.6 deg (Teng & Powers 2014).
/// At this posture the upper body's centre of mass is over the hip (the calibrated reference).
inline constexpr Constant self_selected_trunk_flexion_deg{
    7.3, "Teng & Powers (2014) J Orthop Sports Phys Ther 44:785 (7.3 +/- 3.6 deg at 3.4 m/s)"};

// ---------------------------------------------------------------- knee
/// Knee flexion at touchdown, by foot strike, at 3.5 m/s, and its rise with speed (one slope
/// for all patterns): least-squares fit to the 39 calibration trials of Fukuchi et al. (2017)
/// (python/kneeload/data/fukuchi2017; right-foot classification). Forefoot strikers land with
/// the knee more flexed.
inline constexpr std::string_view fukuchi_2017_fit =
    "fit to the calibration trials of Fukuchi, Fukuchi & Duarte (2017) PeerJ 5:e3298";
inline constexpr Constant rearfoot_knee_touchdown_flexion_deg{11.7, fukuchi_2017_fit};
inline constexpr Constant midfoot_knee_touchdown_flexion_deg{16.0, fukuchi_2017_fit};
inline constexpr Constant forefoot_knee_touchdown_flexion_deg{19.8, fukuchi_2017_fit};
inline constexpr Constant knee_touchdown_flexion_slope_deg_per_m_per_s{1.08, fukuchi_2017_fit};
inline constexpr double knee_touchdown_reference_speed_m_per_s = 3.5;
/// A runner who raises his step rate at the same speed lands with the knee more flexed: 16.9,
/// 17.0, 17.8, 18.7 and 19.6 deg at -10, -5, 0, +5 and +10 % of his preferred step rate (45
/// runners, Heiderscheit et al. 2011, Table 3), a least-squares slope of 0.142 deg per %, i.e.
/// 14.2 deg per unit of cadence / preferred cadence. Off by default (a model choice): the
/// parameter knee_touchdown_flexion_per_cadence_ratio_deg = 14.2 adds it. With it the +10 %
/// step rate's fall in peak knee flexion shrinks by only about 0.5 deg (the leg's compression, not
/// the landing, sets it: README, science report), and on the validation table, whose runners'
/// cadences differ between runners (measured against the population's preferred cadence, as the
/// closure does) rather than within them, the knee-moment curves fit about as well (median R^2
/// 0.854 -> 0.852) but the midfoot strikers' peak knee flexion bias passes its 3-deg target (3.36
/// deg: validate(knee_touchdown_flexion_per_cadence_ratio_deg=14.2), 23 of 24 targets). Beyond
/// +/-10 % it is a linear extrapolation.
inline constexpr Constant knee_touchdown_flexion_per_cadence_ratio_deg{
    0.0,
    "model choice: off; Heiderscheit et al. (2011) Med Sci Sports Exerc 43:296, Table 3 give 14.2 deg "
    "(least-squares slope over -10..+10 % step rate)"};

/// Ankle joint rotational stiffness in stance, ~7 N m/deg. Under a first contact ahead of the
/// ankle (a ball or mid-sole landing) the lower limb's mass lands through the ankle: its
/// soft-tissue coupling is in series with k_ankle / lever^2, the compliant plantarflexed ankle
/// that Lieberman et al. (2010, Nature 463:531) name as the reason forefoot strikers show no
/// distinct impact peak.
inline constexpr Constant ankle_rotational_stiffness_n_m_per_deg{
    7.0, "Kuitunen, Komi & Kyrolainen (2002) Med Sci Sports Exerc 34:166-173"};

// ---------------------------------------------------------------- foot strike (model choices)
/// Sole angle to the ground at touchdown, toes up > 0: model choices inside the bands by which
/// Altman & Davis (2012) Gait Posture 35:298 classify foot strikes from the foot-strike angle
/// (rearfoot > 8.0 deg, midfoot -1.6 to 8.0 deg, forefoot < -1.6 deg). The forefoot value is
/// calibrated inside its band on the forefoot trials (their peak knee flexion and moment).
inline constexpr std::string_view altman_davis_2012 =
    "model choice inside the foot-strike-angle bands of Altman & Davis (2012) Gait Posture 35:298";
inline constexpr Constant rearfoot_foot_touchdown_angle_deg{15.0, altman_davis_2012};
inline constexpr Constant midfoot_foot_touchdown_angle_deg{0.0, altman_davis_2012};
inline constexpr Constant forefoot_foot_touchdown_angle_deg{
    -18.34,
    "model choice inside the forefoot band (< -1.6 deg) of Altman & Davis (2012) Gait Posture 35:298, "
    "calibrated on the forefoot trials of Fukuchi et al. (2017)"};
/// Sole angle in mid-stance: the heel strike's and the flat landing's foot is flat; a forefoot
/// striker's heel stays up (many forefoot strikers never put the heel down). The forefoot value
/// is calibrated on the forefoot trials' peak knee flexion (the calibration table).
inline constexpr Constant rearfoot_foot_stance_angle_deg{0.0, "model choice: the foot is flat in mid-stance"};
inline constexpr Constant midfoot_foot_stance_angle_deg{0.0, "model choice: the foot is flat in mid-stance"};
inline constexpr Constant forefoot_foot_stance_angle_deg{
    -15.0, "model choice calibrated on the forefoot trials of Fukuchi et al. (2017)"};
/// The foot's roll (model/foot_kinematics.hpp), as fractions of the hip's sweep over the foot:
/// flat at 0.1404 (rearfoot strikers reach foot flat at ~15-20 % of stance), heel off at 0.6407,
/// the sole at -28.15 deg (heel up) at the end of the prescribed rise (the push-off limit raises it
/// further). Calibrated on the calibration trials.
inline constexpr std::string_view fukuchi_2017_take_off =
    "mean of the calibration trials of Fukuchi, Fukuchi & Duarte (2017) PeerJ 5:e3298";
inline constexpr std::string_view foot_roll_choice =
    "model choice calibrated on the calibration trials of Fukuchi et al. (2017)";
inline constexpr Constant foot_flat_progress{0.1404, foot_roll_choice};
inline constexpr Constant heel_off_progress{0.6407, foot_roll_choice};
/// A forefoot striker's heel, kept up through mid-stance, starts to rise earlier. Calibrated on
/// the forefoot trials.
inline constexpr Constant forefoot_heel_off_progress{
    0.3534, "model choice calibrated on the forefoot trials of Fukuchi et al. (2017)"};
inline constexpr Constant foot_take_off_angle_deg{-28.15, foot_roll_choice};
/// Push-off on the toes: from heel off the foot turns about the metatarsal heads with the toes
/// flat on the ground, and the COP travels past the ball onto the toes, reaching this fraction of
/// foot length past the metatarsal heads at take-off (under the hallux; the toe tips lie ~0.27
/// foot lengths past them). Calibrated on the calibration trials.
inline constexpr Constant toe_cop_reach_per_foot_length{0.07827, foot_roll_choice};
/// Push-off: the sole behind the ball turns no further than this (heel up); where the hip would
/// need more, the ball lifts instead, the toes turning about the COP. Without a limit the sole
/// reached -87 to -93 deg at the end of every forefoot trial of the calibration table, the ankle
/// passing its plantarflexion range (50 deg) at 88-95 % of stance, and it passed the vertical (the
/// heel ahead of the ball) in fast or long steps. -70 deg is the loosest 5-deg step that keeps the
/// ankle within that range over tests/cpp/test_knee.cpp's scan of foot strikes, speeds and
/// cadences at the default parameters (at most 44.8 deg; -75 deg gives 50.1 deg, which the test
/// also checks; -75 deg kept it within before the calibration that made the unloading leg
/// nonlinear). The rule hinges on 0.15 deg: a small recalibration can move the loosest step.
/// Other parameters at their bounds can take it slightly past (about 51 deg).
inline constexpr Constant foot_push_off_angle_limit_deg{
    -70.0,
    "model choice bounded by the ankle's plantarflexion range, 50 deg (AAOS 1965, as tabulated in goniometry "
    "references)"};
/// The ankle's plantarflexion range of motion [deg], what the sole's angle limit keeps the ankle
/// within (a secondary figure: REFERENCES.md).
inline constexpr Constant ankle_plantarflexion_range_deg{
    50.0, "American Academy of Orthopaedic Surgeons (1965) Joint Motion, as tabulated in goniometry references"};
/// The COP runs ahead of the leg's rolling point in a heel or flat landing as the forefoot takes
/// load (runners' COP moves forward within the first ~20 % of stance, while the leg still rolls
/// over the heel): its lead rises to this fraction of the first contact-ball distance by foot
/// flat; in stance the COP's early move (below) takes it on to the ball by heel off. The ground
/// force acts at the COP; the leg spring's length is measured from the rolling point.
/// Calibrated on the calibration trials (the knee moment's rise in early stance).
inline constexpr Constant landing_cop_lead_fraction{0.1166, foot_roll_choice};
/// The COP's early move in stance (heel and flat landings), x_ball (l + (c - l) S(q^gamma) +
/// (1 - c) S(q)), q the progress from foot flat to heel off (model/foot_kinematics.hpp): from
/// the landing's lead to c x_ball along the smoothstep of q^gamma, the rest of the way to the
/// ball with the rolling point. gamma < 1 brings the COP to the forefoot early and then slows it, as runners'
/// COP does: a rearfoot striker's COP travels most of the way to the forefoot within the first
/// 30-40 % of stance and little after it (Cavanagh & Lafortune 1980 J Biomech 13:397).
/// gamma = c = 1: the rolling point plus the landing lead, vanishing by heel off (c cancels out
/// at gamma = 1). Off by default: on the calibration trials the earlier path alone lowers the
/// knee moment's fit and its peaks, and recalibrated with the other choices it gains nothing
/// (README, Validation).
inline constexpr Constant cop_timing_exponent{1.0, "model choice: the rolling point's timing"};
inline constexpr Constant cop_early_reach_fraction{1.0, "model choice: the early move goes to the ball"};
/// The foot's roll is timed by the hip's progress over it, p = (x_hip - x_hip,td) / sweep. A
/// symmetric stance would end with the hip as far past the ball as it started behind the first
/// contact (sweep = 2 x lead + sole); runners' hips travel further in the second half of
/// stance than in the first (the leg's angle at take-off exceeds its touchdown angle), so the
/// sweep is that estimate times this factor. Calibrated on the calibration trials (without it
/// the roll ended at ~80 % of stance and the knee then sat at its take-off flexion).
inline constexpr Constant hip_sweep_factor{1.078, foot_roll_choice};
/// In push-off the knee extends no faster than a limit that falls linearly in the roll's
/// progress from this flexion at heel off (or the knee's own, if lower) to the take-off flexion
/// at the roll's end; the ankle's plantarflexion (the heel's rise) takes the rest of the leg's
/// extension. The calibration trials' knee extends steadily from mid-stance to take-off.
/// Calibrated on them.
inline constexpr Constant knee_heel_off_flexion_deg{41.83, foot_roll_choice};
/// The push-off's limit on the knee's extension ends at this flexion; the ankle's plantarflexion
/// (the heel's rise) takes the rest of the leg's extension. The calibration trials' mean knee flexion
/// at take-off (the last point of each stance curve), 16.5 +/- 3.2 deg over the 39 trials, about
/// the same for every foot strike and speed.
inline constexpr Constant knee_take_off_flexion_deg{16.5, fukuchi_2017_take_off};
/// Swing-leg retraction: at touchdown the foot moves backward relative to the hip at this
/// fraction of the running speed, so the lower limb lands at v_y = v_y,hip - c v tan(phi) (phi:
/// leg angle from the vertical). A foot placed further ahead lands harder (overstriding), and a
/// faster or longer step lands harder. Calibrated on the rearfoot trials' loading rate. Above 1
/// (as calibrated) the foot moves slightly backward over the ground as it lands (at (c - 1) v);
/// the model uses only the retraction's vertical part (the foot does not slip).
inline constexpr std::string_view calibrated_choice =
    "model choice calibrated on the calibration trials of Fukuchi et al. (2017)";
inline constexpr Constant swing_leg_retraction_fraction{1.074, calibrated_choice};

// ---------------------------------------------------------------- shoe and heel pad
/// Secant stiffness of a cushioned running shoe heel at a running-like compression: order
/// of magnitude 70-125 kN/m from ASTM F1976 drop tests of 112 shoes, read as a linear spring.
inline constexpr Constant cushioned_shoe_stiffness_n_per_m{
    100.0e3, "Fuss et al. (2025) Bioengineering 12:467 (ASTM F1976 drop tests of 112 shoes, 70-125 kN/m)"};
/// Compression at which the foam's secant stiffness equals the nominal stiffness [m]: ~10 mm,
/// the order of heel midsole compression in running.
inline constexpr Constant foam_reference_compression_m{0.010, "model choice: order of heel midsole compression"};
/// Stiffening exponent of the foam law F = k d_ref (d/d_ref)^n: the Hertzian exponent used for
/// foot-ground contact (Hunt & Crossley 1975 form).
inline constexpr Constant foam_stiffening_exponent{1.5, "model choice: Hertzian exponent (Hunt & Crossley 1975)"};
/// Hunt-Crossley damping of the cushioned shoe [s/m], F = F_el (1 + d * rate): with restitution
/// e ~ 1 - (2/3) d v (Hunt KH, Crossley FRE (1975) J Appl Mech 42:440), d = 0.34 s/m returns
/// ~60 % of the impact energy at 1 m/s, the order of EVA midsoles.
inline constexpr Constant cushioned_shoe_hunt_crossley_damping_s_per_m{
    0.34, "model choice: ~60 % energy return at 1 m/s (Hunt & Crossley 1975 restitution)"};
/// Linear Kelvin-Voigt damping of the cushioned shoe [N s/m]: the damping ratio giving the
/// same ~60 % energy return in an 8.5 kg ASTM F1976-style drop.
inline constexpr Constant cushioned_shoe_kelvin_voigt_damping_n_s_per_m{
    150.0, "model choice: ~60 % energy return in an 8.5 kg drop"};
/// Compression over which the Kelvin-Voigt dashpot engages [m]: an ideal dashpot would make
/// the force jump by c * rate at first contact; a 1 mm ramp keeps the force continuous while
/// leaving the law linear beyond it.
inline constexpr Constant kelvin_voigt_damping_onset_compression_m{
    0.001, "model choice: keeps the Kelvin-Voigt force continuous at first contact"};
/// Heel pad (always in series with the shoe; alone when barefoot): a 5 kg drop at 0.93 m/s
/// gave 11.6 g peak deceleration at 11.3 mm deformation with 79 % of the energy absorbed.
/// Secant stiffness at that point: 5 * 11.6 * 9.81 / 0.0113 ~ 50 kN/m.
inline constexpr std::string_view kinoshita_1993 =
    "Kinoshita et al. (1993) Int J Sports Med 14:312 (5 kg drop, 0.93 m/s)";
inline constexpr Constant heel_pad_stiffness_n_per_m{50.0e3, kinoshita_1993};
inline constexpr Constant heel_pad_reference_compression_m{0.0113, kinoshita_1993};
/// 79 % absorbed -> e = 0.46 at 0.93 m/s -> d = 1.5 (1 - e) / v ~ 0.87 s/m (Hunt-Crossley).
inline constexpr Constant heel_pad_hunt_crossley_damping_s_per_m{0.87, kinoshita_1993};
/// Heel pads stiffen much more steeply than foams (Ogden exponent ~30 vs ~4, Verdejo & Mills
/// 2004; secondary).
inline constexpr Constant heel_pad_stiffening_exponent{
    3.0, "model choice: steeper than foam (Verdejo & Mills 2004, secondary)"};
/// The stack of heel pad, midsole and series springs is represented by one power law through
/// its exact force-compression points at these forces (x body weight): the range of vertical
/// ground force in running.
inline constexpr double contact_fit_low_force_bw = 0.5;
inline constexpr double contact_fit_high_force_bw = 3.0;

// Shoe wear: cushioning retained after machine running, Cook SD, Kester MA, Brunet ME (1985)
// Am J Sports Med 13:248 (secondary): 75 % at 50 mi, 67 % at 150 mi, 60 % at 500 mi.
// Interpreted as stiffness scaling with 1 / retained cushioning; constant beyond 500 mi.
inline constexpr double shoe_wear_distance_km[] = {0.0, 50 * km_per_mile, 150 * km_per_mile, 500 * km_per_mile};
inline constexpr double shoe_wear_cushioning_retained[] = {1.0, 0.75, 0.67, 0.60};

/// Overground or on a standard treadmill nothing supports the runner's weight.
inline constexpr Constant no_body_weight_support{0.0, "overground or a standard treadmill"};
/// A new shoe has run no distance.
inline constexpr Constant new_shoe_wear_km{0.0, "a new shoe"};
/// Concrete and asphalt are rigid compared with a leg: the surface adds no compliance.
inline constexpr Constant rigid_surface_stiffness_n_per_m{
    std::numeric_limits<double>::infinity(), "rigid (concrete, asphalt); Ferris et al. (1999) J Biomech 32:787"};

// ---------------------------------------------------------------- integration (numerical choices)
/// Dormand-Prince tolerances: the convergence test shows the metrics they give agree with a
/// 1e-12 run to better than 3e-4 relative. The absolute tolerance applies to every state
/// component (m, m/s, J).
inline constexpr Constant relative_tolerance{1e-6, "tested default: metrics within 3e-4 of a 1e-12 run"};
inline constexpr Constant absolute_tolerance{1e-7, "tested default (state units m, m/s, J)"};
/// The lower limb's two velocities (foot and soft tissue) ring at the contact's and the soft
/// tissue's frequencies through the whole stance, near zero mean: at the plain absolute
/// tolerance they set the step size. Held to 10x it in a step's metrics pass, a stance takes
/// ~25 % fewer steps with the metrics within the tested accuracy (test_convergence.cpp). Not
/// looser there: its peaks are found on the steps' samples, and the peak ankle dorsiflexion, at a
/// kink where the push-off's knee limit takes over, was 1.4e-2 from a 1e-12 run at 100x (1.2e-3
/// at 10x); the work integrals also set its steps.
/// The gait solver's stances (the mechanical state alone, no outputs) only need the state at
/// take-off. There the foot's velocity sets the step (107 of 114 step-size decisions at 100x)
/// up to ~1000x, then the foot's position: held to 1000x and 10x the absolute tolerance (1e-4
/// m/s, 1e-6 m), a solver stance takes 32 % fewer steps than at 100x and 1x (275 against 402
/// over rearfoot and forefoot stances at 2.5 and 4.5 m/s; 3000x saves 40 %, with solved steps
/// up to 9.7e-5 off, the loading rate 1.1e-3). Over 72 conditions (three foot strikes, four
/// shoes, three speeds, two cadences) the solved steps' metrics stay within 5.4e-5 of a 1e-11
/// solve (1e-5 before; the loading rate 1.6e-4, 1.3e-4 before), a warm grid condition takes 4.49
/// instead of 4.34 gait stances, and the envelope benchmark still has no numerical failure.
inline constexpr Constant lower_limb_velocity_tolerance_scale{
    10.0, "numerical choice: 25 % fewer steps, metrics within the tested accuracy"};
inline constexpr Constant solver_lower_limb_velocity_tolerance_scale{
    1000.0, "numerical choice: with the position scale, 32 % fewer solver steps, no envelope failure"};
inline constexpr Constant solver_lower_limb_position_tolerance_scale{
    10.0, "numerical choice: with the velocity scale, 32 % fewer solver steps, no envelope failure"};
inline constexpr Constant event_time_tolerance_s{1e-11, "numerical choice: far below any physical time scale"};
inline constexpr Constant initial_step_s{1e-4, "numerical choice: the integrator adapts it"};
inline constexpr Constant max_stance_time_s{1.5, "numerical choice: far longer than any running stance"};

// ---------------------------------------------------------------- gait
/// Preferred step rate: 165 +/- 8 steps/min at 3.04 m/s for experienced recreational runners,
/// rising by 3 steps/min for a 15 % faster speed (Eur J Sport Sci 2019,
/// doi:10.1080/17461391.2019.1626911). The same slope (~4 % per 1 m/s) matches Cavanagh PR,
/// Kram R (1989) Med Sci Sports Exerc 21:467 (stride frequency +4 % from 3.15 to 4.12 m/s).
inline constexpr double preferred_cadence_reference_steps_per_min = 165.0;
inline constexpr double preferred_cadence_reference_speed_m_per_s = 3.04;
inline constexpr double preferred_cadence_slope_steps_per_min_per_m_per_s = 3.0 / (0.15 * 3.04);
/// Height the preferred-cadence regression refers to [m]; cadence scales with
/// sqrt(reference / height) by dynamic similarity (Alexander RMcN, Jayes AS (1983)
/// J Zool 201:135); step rate is negatively correlated with height (same 2019 study).
inline constexpr double preferred_cadence_reference_height_m = 1.75;
/// A runner's own preferred cadence over the population's at the same speed and height: 1 for
/// the mean runner of the regression above (between runners its SD is 8 / 165, 5 %; the 39
/// shipped trials: 0.92-1.17, mean 1.03, SD 0.054; the registry's range 0.8-1.25). A personal
/// calibration sets it from the trial's cadence (python/kneeload/calibration.py), so that the
/// runner's baseline in a comparison is his own cadence, not the population's.
inline constexpr Constant population_preferred_cadence_factor{
    1.0, "the mean runner of the regression (Eur J Sport Sci 2019, doi:10.1080/17461391.2019.1626911)"};

/// Farley CT, Gonzalez O (1996) J Biomech 29:181-186: at 2.5 m/s leg stiffness rose from 7.0
/// to 16.3 kN/m as stride frequency went from 26 % below to 36 % above preferred.
inline constexpr double farley_leg_stiffness_low_n_per_m = 7.0e3;
inline constexpr double farley_leg_stiffness_high_n_per_m = 16.3e3;
inline constexpr double farley_frequency_ratio_low = 0.74;
inline constexpr double farley_frequency_ratio_high = 1.36;

/// Empirical closure: the leg stiffness that lab studies measure with the sine-wave method
/// (Morin et al. 2005), k_leg = K M g / L * (f / f_pref)^beta, is imposed on the simulated step
/// (its contact and flight times). beta = ln(16.3/7.0) / ln(1.36/0.74) = 1.389 is Farley &
/// Gonzalez's (1996) 2.3-fold rise over their frequency range. K = k L / (M g) is the
/// dimensionless leg stiffness: 14.3, Farley & Gonzalez's (1996) 10.6 kN/m at the preferred
/// frequency for a 70 kg runner (7.0 x (1/0.74)^1.389), inside the published 12.9 (10.4 kN/m at
/// 76 kg, Morin et al. 2005) to 15 (McMahon TA, Cheng GC (1990) J Biomech 23(S1):65-78). Chosen
/// inside that range by the calibration on the calibration trials of Fukuchi et al. (2017): the
/// search over 12.9-18 ended at 14.28-14.34 in every run (README, Validation); 10.6 kN/m for the
/// default runner.
inline constexpr Constant empirical_dimensionless_leg_stiffness{
    14.3,
    "Farley & Gonzalez (1996) J Biomech 29:181 (10.6 kN/m at preferred frequency, 70 kg), inside the published "
    "12.9 (Morin et al. 2005) - 15 (McMahon & Cheng 1990); chosen there by calibration on Fukuchi et al. (2017)"};
inline constexpr double empirical_stiffness_frequency_exponent = 1.389;

// ---------------------------------------------------------------- metric conventions
/// Minimum drop after the first local maximum of vertical GRF for it to count as a distinct
/// impact peak [BW]. Convention of this library.
inline constexpr double impact_peak_min_prominence_bw = 0.05;
/// Without an impact peak, loading rates use the force at 13 % of stance as reference, a
/// convention used in the running literature for forefoot strikers (e.g. Lieberman et al. 2010
/// report loading rates without an impact peak; the exact reference varies).
inline constexpr double loading_rate_reference_stance_fraction = 0.13;
/// Loading rates over 20-80 % of the reference force (Milner CE et al. (2006) Med Sci Sports
/// Exerc 38:323: average and instantaneous vertical loading rates).
inline constexpr double loading_rate_low_fraction = 0.2;
inline constexpr double loading_rate_high_fraction = 0.8;

// ---------------------------------------------------------------- plausibility
// The largest values measured in the 39 treadmill trials the model is validated on (13 runners,
// 2.5-4.5 m/s; Fukuchi RK, Fukuchi CA, Duarte M (2017) PeerJ 5:e3298, the table shipped in
// python/kneeload/data/fukuchi2017/trials.csv; a test checks these against it). A step whose
// result exceeds one of them by more than `plausibility_margin` is reported as implausible
// (metrics/plausibility.hpp): it lies outside anything the model has been compared with.
inline constexpr std::string_view fukuchi_2017_largest = "largest of the 39 trials of Fukuchi et al. (2017)";
inline constexpr Constant largest_measured_peak_vgrf_bw{3.02, fukuchi_2017_largest};
inline constexpr Constant largest_measured_knee_flexion_peak_deg{55.3, fukuchi_2017_largest};
inline constexpr Constant largest_measured_knee_extensor_moment_n_m_per_kg{4.15, fukuchi_2017_largest};
inline constexpr Constant largest_measured_pfj_stress_mpa{
    35.9, "largest of the 39 trials of Fukuchi et al. (2017), Kernozek contact area (the default curve)"};
inline constexpr Constant plausibility_margin{
    1.5, "model choice: a result 1.5x beyond every measured trial is flagged, not reported as ok"};

}  // namespace kneeload::constants
