/* tools/gen-donnees/territories.c: the example territories the generator draws for (examples/amp and examples/belvance): scopes, owners, family parameters, QPV codes, rule-change dates. */
#include "gen-donnees.h"

/* The figures are those of examples/amp/REFERENCE.md. */
const Territory gen_territory_amp = {
    .name = "amp",
    .nscope = 6,
    .scope_id = {"amp", "marseille", "aix", "air_bel", "saint_barthelemy", "encagnane"},
    .scope_label = {"Métropole AMP", "Marseille", "Aix-en-Provence", "Air Bel", "Grand Saint-Barthélemy",
                    "Encagnane"},
    .scope_weight = {8, 14, 8, 26, 26, 18},
    .owners =
        {
            {"Métropole AMP", NULL},
            {"Ville de Marseille", "Métropole AMP", "13 Habitat", "Logirem", "Unicil", NULL},
            {"Ville d’Aix-en-Provence", "Pays d'Aix Habitat", "Métropole AMP", NULL},
            {"Logirem", "13 Habitat", "Unicil", "Ville de Marseille", "Erilia", NULL},
            {"13 Habitat", "Logirem", "Ville de Marseille", "Erilia", NULL},
            {"Pays d'Aix Habitat", "Famille & Provence", "Ville d’Aix-en-Provence", "Métropole AMP", NULL},
        },
    .fam_share_pct = {80, 60, 85, 50, 35, 60},
    .fam_cost = {25, 30, 28, 30, 40, 60},
    .fam_threshold = {40000, 40000, 40000, 40000, 100000, 100000},
    .low_fam = F_TRAVAUX,
    .low_scope = 5, /* encagnane */
    .low_threshold = 50000,
    .nqpv = 12,
    .qpv = {"QN01305M", "QN01306I", "QN01307A", "QN01309C", "QN01311K", "QN01315R", "QN01318E", "QN01320Z",
            "QN01301A", "QN01302X", "QN01303H", "QN01304T"},
    /* avenant 1 (espaces verts, every scope), avenant 2 (encombrants at Saint-Barthélemy) */
    .pivot = {{F_ESPACES_VERTS, -1, {2023, 1, 1}}, {F_ENCOMBRANTS, 4, {2024, 7, 1}}},
    .notif_lo = {2021, 1, 1},
    .notif_hi = {2025, 12, 31},
    .unqualified_young_pct = 0,
    .exported = {2025, 12, 31},
};

/* The figures are those of examples/belvance/REFERENCE.md (a fictional metropolis). */
const Territory gen_territory_belvance = {
    .name = "belvance",
    .nscope = 5,
    .scope_id = {"bm", "belvance", "vaure", "tilleuls", "pre_vert"},
    .scope_label = {"Belvance Métropole", "Belvance", "Vaure-sur-Lise", "Les Tilleuls", "Le Pré-Vert"},
    .scope_weight = {10, 14, 12, 34, 30},
    .owners =
        {
            {"Belvance Métropole", NULL},
            {"Ville de Belvance", "Belvance Métropole", "Belvance Habitat", "Lise Logement", NULL},
            {"Ville de Vaure-sur-Lise", "Vaure Habitat", "Belvance Métropole", NULL},
            {"Belvance Habitat", "Lise Logement", "Ville de Belvance", NULL},
            {"Vaure Habitat", "Belvance Habitat", "Ville de Vaure-sur-Lise", NULL},
        },
    .fam_share_pct = {75, 60, 85, 50, 40, 50},
    .fam_cost = {26, 30, 28, 30, 45, 65},
    .fam_threshold = {40000, 40000, 40000, 40000, 100000, 100000},
    .low_fam = -1,
    .low_scope = -1,
    .low_threshold = 0,
    .nqpv = 6,
    .qpv = {"QN09901A", "QN09902B", "QN09903C", "QN09904D", "QN09905E", "QN09906F"},
    /* avenant 1 (travaux, every scope but Les Tilleuls' own pool: drawn everywhere anyway) */
    .pivot = {{F_TRAVAUX, -1, {2024, 1, 1}}, {F_TRAVAUX, 1, {2024, 1, 1}}},
    .notif_lo = {2022, 1, 1},
    .notif_hi = {2025, 12, 31},
    .unqualified_young_pct = 30,
    .exported = {2025, 12, 31},
};
