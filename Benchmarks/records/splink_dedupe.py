#!/usr/bin/env python3
"""Splink (DuckDB backend) on the same patient records gx's index sees: records.csv of the generated load.

Usage: splink_dedupe.py LOAD_DIR [--threshold 0.5] [--json]

Same fields as gx's Fellegi-Sunter model: name (characters exact / pinyin exact / pinyin Jaro-Winkler >= 0.88),
birth date (exact / Levenshtein 1), sex, phone, address division, resident ID; the same blocking keys (birth date,
pinyin name, pinyin prefix + birth year, phone, resident ID). u by random sampling, m by EM on two blocking rules,
unsupervised like gx. Records are clustered at the match-probability threshold; pairwise precision and recall against
the known person of each record, computed exactly as evaluate.py does for gx.
"""
import argparse, csv, json, os, time

import duckdb
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
import splink.comparison_library as cl
import splink.comparison_level_library as cll

from pairwise import score


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("load")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    started = time.time()
    con = duckdb.connect()
    path = os.path.join(a.load, "records.csv")
    con.execute(f"""CREATE TABLE records AS SELECT unique_id, person, nullif(name, '') AS name, nullif(name_pinyin, '') AS name_pinyin,
                    nullif(birth_date, '') AS birth_date, substr(birth_date, 1, 4) AS birth_year, nullif(sex, '') AS sex,
                    nullif(phone, '') AS phone, nullif(division, '') AS division, nullif(resident_id, '') AS resident_id,
                    substr(name_pinyin, 1, 3) AS pinyin_prefix
                    FROM read_csv('{path}', all_varchar=true, header=true)""")
    db_api = DuckDBAPI(connection=con)
    records = db_api.register("records")
    name = cl.CustomComparison(output_column_name="name", comparison_levels=[
        cll.NullLevel("name_pinyin"),
        cll.ExactMatchLevel("name"),
        cll.ExactMatchLevel("name_pinyin"),
        cll.JaroWinklerLevel("name_pinyin", 0.88),
        cll.ElseLevel(),
    ])
    birth = cl.CustomComparison(output_column_name="birth_date", comparison_levels=[
        cll.NullLevel("birth_date"),
        cll.ExactMatchLevel("birth_date"),
        cll.LevenshteinLevel("birth_date", 1),
        cll.ElseLevel(),
    ])
    division = cl.CustomComparison(output_column_name="division", comparison_levels=[
        cll.NullLevel("division"),
        cll.ExactMatchLevel("division"),
        cll.CustomLevel("substr(division_l, 1, 4) = substr(division_r, 1, 4)", label_for_charts="same city"),
        cll.ElseLevel(),
    ])
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[name, birth, cl.ExactMatch("sex"), cl.ExactMatch("phone"), division, cl.ExactMatch("resident_id")],
        blocking_rules_to_generate_predictions=[
            block_on("birth_date"), block_on("name_pinyin"), block_on("pinyin_prefix", "birth_year"),
            block_on("phone"), block_on("resident_id"),
        ],
        retain_matching_columns=False,
    )
    linker = Linker(records, settings, log_level=40)
    linker.training.estimate_probability_two_random_records_match([block_on("resident_id")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name_pinyin"))
    predictions = linker.inference.predict(threshold_match_probability=0.01)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold_match_probability=a.threshold)
    rows = con.execute(f"SELECT r.person, c.cluster_id FROM {clusters.physical_name} c JOIN records r USING (unique_id)").fetchall()
    seconds = time.time() - started
    result = dict(records=len(rows), persons=len(set(p for p, _ in rows)), clusters=len(set(c for _, c in rows)),
                  **score(rows), threshold=a.threshold, seconds=round(seconds, 1), splink=__import__("splink").__version__)
    tp, predicted, true = result["true_positive_pairs"], result["predicted_pairs"], result["true_pairs"]
    if a.json:
        print(json.dumps(result))
    else:
        print(f"Splink {result['splink']} (DuckDB): {len(rows)} records, {result['persons']} true persons -> {result['clusters']} clusters; "
              f"pairs: true {true}, predicted {predicted}, correct {tp}; precision {result['precision']:.4f}, recall {result['recall']:.4f} "
              f"(threshold {a.threshold}, {seconds:.1f} s)")


if __name__ == "__main__":
    main()
