"""Published effects the science benchmark sets beside the model, with their sources.

Each finding: the comparison it belongs to, the metric, the published effect and how it is
expressed ("percent" change between two conditions, "difference" in the metric's unit,
"ratio", or "value" for a magnitude), its citation, and how the source was read
(REFERENCES.md marks secondary and code-read figures). `explanation` is used only when the
model disagrees: which model assumption causes it.
"""

FINDINGS = [
    # ---- step rate at constant speed
    dict(study="step_rate", metric="peak_pfj_force_bw", change="percent", published=-14.0, conditions=(1.0, 1.1),
         citation="Lenhart RL, Thelen DG, Wille CM, Chumanov ES, Heiderscheit BC (2014) Med Sci Sports Exerc 46:557-564",
         note="+10 % step rate; musculoskeletal model of 30 runners",
         explanation="The PFJ force falls with both the knee moment and the flexion angle (k(theta) and r_q); the model's "
                     "knee flexes less at higher cadence than a real knee because its knee share of leg compression is a "
                     "constant, so the drop in PFJ force is larger than measured."),
    dict(study="step_rate", metric="peak_knee_extensor_moment_n_m_per_kg", change="difference", published=-0.3,
         conditions=(1.0, 1.1), citation="Heiderscheit BC et al. (2011) Med Sci Sports Exerc 43:296-302, Table 3",
         note="2.5 -> 2.2 N m/kg at +10 % step rate", explanation=""),
    dict(study="step_rate", metric="knee_flexion_peak_deg", change="difference", published=-3.5, conditions=(1.0, 1.1),
         citation="Heiderscheit BC et al. (2011) Med Sci Sports Exerc 43:296-302, Table 3",
         note="46.3 -> 42.8 deg at +10 % step rate", explanation=""),
    # ---- step length at constant speed (3.7 m/s)
    dict(study="step_length", metric="pfj_stress_time_integral_mpa_s", change="percent", published=31.0, conditions=(1.0, 1.1),
         citation="Willson JD, Sharpee R, Meardon SA, Kernozek TW (2014) Clin Biomech 29:243-247 (abstract)",
         note="PFJ stress per step, step length +10 % at 3.7 m/s", explanation=""),
    dict(study="step_length", metric="pfj_stress_time_integral_mpa_s", change="percent", published=-22.2, conditions=(1.0, 0.9),
         citation="Willson JD et al. (2014) Clin Biomech 29:243-247 (abstract)",
         note="PFJ stress per step, step length -10 % at 3.7 m/s", explanation=""),
    dict(study="step_length", metric="pfj_stress_time_integral_per_km_mpa_s", change="percent", published=14.0,
         conditions=(1.0, 1.1), citation="Willson JD et al. (2014) Clin Biomech 29:243-247 (abstract)",
         note="PFJ stress per mile, step length +10 %", explanation=""),
    dict(study="step_length", metric="pfj_stress_time_integral_per_km_mpa_s", change="percent", published=-7.5,
         conditions=(1.0, 0.9), citation="Willson JD et al. (2014) Clin Biomech 29:243-247 (abstract)",
         note="PFJ stress per mile, step length -10 %",
         explanation="Per-distance load = per-step load x steps per km. The model's per-step change (-24 %) matches the "
                     "published one (-22 %); times the 11 % more steps per km it gives -16 %. The published per-mile "
                     "figure (-7.5 %) is smaller than its own per-step figure times the step count would give (-14 %); "
                     "the abstract does not say how the two were averaged, so part of this difference lies in the "
                     "comparison, not in the model."),
    # ---- foot strike
    dict(study="foot_strike", metric="peak_pfj_stress_mpa", change="percent", published=-27.0,
         conditions=("rearfoot", "forefoot"),
         citation="Vannatta CN, Kernozek TW (2015) Med Sci Sports Exerc 47:1001-1008 (abstract)",
         note="habitual rearfoot runners switching to forefoot strike",
         explanation="In the model the forefoot contact lies ahead of the ankle, which moves the ground-force line "
                     "forward toward the knee for the whole stance; real forefoot runners also change knee and hip "
                     "kinematics (more ankle work), which the model's fixed knee share does not capture, so the "
                     "reduction is about twice the measured one."),
    dict(study="foot_strike", metric="has_impact_peak", change="value", published=0.0, conditions=("forefoot",),
         citation="Lieberman DE et al. (2010) Nature 463:531-535", note="forefoot strike: no distinct impact transient",
         explanation=""),
    # ---- leg stiffness against stride frequency (2.5 m/s)
    dict(study="stride_frequency", metric="leg_stiffness_n_per_m", change="ratio", published=16.3 / 7.0,
         conditions=(0.74, 1.36), citation="Farley CT, Gonzalez O (1996) J Biomech 29:181-186",
         note="7.0 -> 16.3 kN/m from -26 % to +36 % of preferred stride frequency", explanation=""),
    # ---- shoes and surfaces
    dict(study="shoe_wear", metric="contact_time_s", change="percent", published=None, direction=1, conditions=(0.0, 322.0),
         citation="Kong PW, Candelaria NG, Smith DR (2009) Br J Sports Med (abstract)",
         note="stance time increased after 200 miles (322 km) of running in the shoes (p = 0.035)",
         explanation="With the empirical closure the contact time follows the leg-stiffness law of speed and cadence "
                     "only: the model has no mechanism by which a runner lengthens stance on a harder shoe."),
    dict(study="shoe_wear", metric="peak_vgrf_bw", change="percent", published=4.88, conditions=(0.0, 500.0),
         citation="Footwear Science (2010) pp. 141-147 (abstract; 15 runners, 500 km in EVA shoes)",
         note="peak force +4.88 % (95 % CI 3.40-6.36) after 500 km",
         explanation="The model's active peak is set by the contact time (fixed by the closure) and the impulse, not by "
                     "the midsole; wear stiffens the midsole and raises the impact peak (+9 %), not the active peak."),
    dict(study="surface", metric="leg_stiffness_n_per_m", change="percent", published=29.0, conditions=(945.7e3, 75.4e3),
         citation="Kerdok AE, Biewener AA, McMahon TA, Weyand PG, Herr HM (2002) J Appl Physiol 92:469-478",
         note="leg stiffness +29 % on the softest (75.4 kN/m) vs the hardest (945.7 kN/m) surface at 3.7 m/s",
         explanation="Runners adjust leg stiffness to the surface so that leg and surface in series keep the same total "
                     "stiffness (Ferris et al. 1999). The model's runner does not adapt: the empirical closure depends on "
                     "speed and cadence only, so its leg stiffness hardly changes with the surface."),
    # ---- speed
    dict(study="speed", metric="contact_time_s", change="value", published=0.209, conditions=(4.5,),
         citation="REFERENCES.md (secondary): 280 / 209 / 168 ms at 3.0 / 4.5 / 6.0 m/s", note="contact time at 4.5 m/s",
         explanation="The empirical closure's leg stiffness (K = 15) is speed-independent, as Farley & Gonzalez and "
                     "Morin report; contact times then fall slightly faster with speed than the secondary figures."),
    dict(study="speed", metric="peak_vgrf_bw", change="value", published=2.3, conditions=(3.5,),
         citation="Roos PE et al. (2012) (REFERENCES.md): 2.3 +/- 0.3 BW at the instant of peak knee moment",
         note="magnitude check", explanation=""),
]
