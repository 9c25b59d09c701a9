/* tests/bench/amp-ref/charters.c: the two example charters, hard-coded from examples/amp/REFERENCE.md and examples/belvance/REFERENCE.md rather than read from their .charte files. */
#include "amp-ref.h"

enum { S_AMP, S_MARSEILLE, S_AIX, S_AIR_BEL, S_SAINT_BARTHELEMY, S_ENCAGNANE };

static const Rule AMP_RULES[] = {
    {S_AMP, F_NETTOYAGE, 0, 10, 40000, LV_CONTRACT},
    {S_AMP, F_ESPACES_VERTS, 0, 10, 40000, LV_CONTRACT},
    {S_AMP, F_GARDIENNAGE, 0, 10, 40000, LV_CONTRACT},
    {S_AMP, F_ENCOMBRANTS, 0, 10, 40000, LV_CONTRACT},
    {S_AMP, F_TRAVAUX, 0, 5, 100000, LV_CONTRACT},
    {S_AMP, F_INGENIERIE, 0, 5, 100000, LV_CONTRACT},
    {S_MARSEILLE, F_GARDIENNAGE, 0, 12, -1, LV_CONTRACT},
    {S_AIR_BEL, F_NETTOYAGE, 0, 15, -1, LV_CONTRACT},
    {S_ENCAGNANE, F_TRAVAUX, 0, 8, 50000, LV_CONTRACT},
    {S_AMP, F_ESPACES_VERTS, 20230101, 12, -1, LV_CONTRACT},           /* avenant 1 */
    {S_SAINT_BARTHELEMY, F_ENCOMBRANTS, 20240701, 15, -1, LV_CONTRACT}, /* avenant 2 */
};

const Charter amp_charter_amp = {
    .name = "amp",
    .from = 20210101,
    .to = 20301231,
    .nscope = 6,
    .scope_name = {"amp", "marseille", "aix", "air_bel", "saint_barthelemy", "encagnane"},
    .scope_parent = {-1, S_AMP, S_AMP, S_MARSEILLE, S_MARSEILLE, S_AIX},
    .scope_tree = {S_AMP, S_MARSEILLE, S_AIR_BEL, S_SAINT_BARTHELEMY, S_AIX, S_ENCAGNANE},
    .fam_share_pct = {80, 60, 85, 50, 35, 60},
    .fam_cost = {25, 30, 28, 30, 40, 60},
    .rules = AMP_RULES,
    .nrules = sizeof AMP_RULES / sizeof AMP_RULES[0],
    .hires = NULL,
    .nhires = 0,
    .young_unqualified = false,
    .has_hires_table = false,
};

enum { S_BM, S_BELVANCE, S_VAURE, S_TILLEULS, S_PRE_VERT };

static const Rule BELVANCE_RULES[] = {
    /* article 4: per contract */
    {S_BM, F_ESPACES_VERTS, 0, 10, 40000, LV_CONTRACT},
    {S_BM, F_GARDIENNAGE, 0, 12, 40000, LV_CONTRACT},
    {S_BM, F_ENCOMBRANTS, 0, 10, 40000, LV_CONTRACT},
    {S_BM, F_INGENIERIE, 0, 5, 100000, LV_CONTRACT},
    /* article 5: pooled */
    {S_BM, F_TRAVAUX, 0, 6, 100000, LV_POOL},
    {S_TILLEULS, F_TRAVAUX, 0, 8, -1, LV_POOL},
    {S_BM, F_NETTOYAGE, 0, 10, 40000, LV_POOL_OWNER},
    /* avenant 1 */
    {S_BM, F_TRAVAUX, 20240101, 7, -1, LV_POOL},
};

static const HireRule BELVANCE_HIRES[] = {
    {S_BM, F_TRAVAUX, 10},
    {S_BM, NAT_FONCTIONNEMENT, 20},
};

const Charter amp_charter_belvance = {
    .name = "belvance",
    .from = 20220101,
    .to = 20311231,
    .nscope = 5,
    .scope_name = {"bm", "belvance", "vaure", "tilleuls", "pre_vert"},
    .scope_parent = {-1, S_BM, S_BM, S_BELVANCE, S_VAURE},
    .scope_tree = {S_BM, S_BELVANCE, S_TILLEULS, S_VAURE, S_PRE_VERT},
    .fam_share_pct = {75, 60, 85, 50, 40, 50},
    .fam_cost = {26, 30, 28, 30, 45, 65},
    .rules = BELVANCE_RULES,
    .nrules = sizeof BELVANCE_RULES / sizeof BELVANCE_RULES[0],
    .hires = BELVANCE_HIRES,
    .nhires = sizeof BELVANCE_HIRES / sizeof BELVANCE_HIRES[0],
    .young_unqualified = true,
    .has_hires_table = true,
};
