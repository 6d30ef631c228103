#!/usr/bin/env python3
"""Writes the hand-made records-format fixtures (synthetic people, no real person):
  hospital-patients.csv   hospital patient-master export (GB/T 2261.1 sex codes, resident IDs incl. a 15-digit legacy
                          number and a mistyped one, phones with +86, yyyy/MM/dd dates, a quoted address with a comma)
  lab-results.csv         LIS lab-result export (LOINC codes, UCUM units, reference ranges, abnormal flags)
  adt-a01-zh.hl7          ADT^A01 v2.5 with a Chinese name, resident ID, PV1, DG1, NK1, OBX (CR segments)
  oru-r01-zh.hl7          ORU^R01 v2.5.1: OBR + NM/SN/CE/ST/DT/TS OBX values, NTE, SPM
  adt-a40.hl7             ADT^A40 merge (PID + MRG)
Resident ID check characters are computed (GB 11643, ISO 7064 MOD 11-2). Usage: make_fixtures.py [OUT_DIR]
"""
import os
import sys

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def rid(prefix17):
    return prefix17 + "10X98765432"[sum(int(c) * w for c, w in zip(prefix17, W)) % 11]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    ids = {
        "wang": rid("44030519850312001"),   # male (sequence 001, odd)
        "li": rid("44030419920701002"),     # female
        "zhang": rid("11010519491231002"),  # female; the standard's example number
        "chen": rid("44030519780101003"),
    }
    bad = ids["chen"][:-1] + ("0" if ids["chen"][-1] != "0" else "1")  # mistyped check character
    legacy = "440305780101003"  # 15-digit legacy number of chen (upgrades to ids["chen"])
    rows = [
        ["mrn", "family_name", "given_name", "sex", "birth_date", "id_number", "phone", "division", "address", "marital"],
        ["H0001", "王", "小明", "1", "1985/03/12", ids["wang"], "+86 138-0013-8000", "440305", "南山区科技园路1号", "20"],
        ["H0002", "李", "娜", "2", "1992/07/01", ids["li"], "13912345678", "440304", "\"福田区深南大道2号, 3栋\"", "10"],
        ["H0003", "张", "秀英", "2", "1949/12/31", ids["zhang"], "", "110105", "", ""],
        ["H0004", "陈", "建国", "1", "1978/01/01", legacy, "0755-26912345", "440305", "", "20"],
        ["H0005", "赵", "伟", "9", "1990/02/30", bad, "13800000000", "", "", ""],
        ["H0006", "Smith", "John", "0", "", "", "", "", "", ""],
    ]
    with open(os.path.join(out, "hospital-patients.csv"), "w", encoding="utf-8", newline="") as f:
        for r in rows:
            f.write(",".join(r) + "\r\n")
    labs = [
        ["sample_id", "mrn", "test_code", "test_name", "result", "unit", "ref_range", "flag", "collected_at", "status"],
        ["S1001", "H0001", "2345-7", "Glucose [Mass/volume] in Serum or Plasma", "5.6", "mmol/L", "3.9-6.1", "N", "2025-01-06 08:30", "F"],
        ["S1001", "H0001", "718-7", "Hemoglobin [Mass/volume] in Blood", "112", "g/L", "130-175", "L", "2025-01-06 08:30", "F"],
        ["S1002", "H0002", "6690-2", "Leukocytes [#/volume] in Blood", "11.20", "10*9/L", "3.5-9.5", "H", "2025-01-07 09:05", "P"],
        ["S1003", "H0003", "2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "abc", "umol/L", "41-81", "", "2025-01-07 10:00", "F"],
        ["S1004", "", "2345-7", "Glucose [Mass/volume] in Serum or Plasma", "6.0", "mmol/L", "3.9-6.1", "N", "2025-01-08 07:50", "F"],
    ]
    with open(os.path.join(out, "lab-results.csv"), "w", encoding="utf-8", newline="") as f:
        for r in labs:
            f.write(",".join(r) + "\n")
    adt = [
        "MSH|^~\\&|HIS|SZH|GX|GX|20250106083000+0800||ADT^A01^ADT_A01|ADT0001|P|2.5|||AL|NE|CHN|UNICODE UTF-8",
        "EVN|A01|20250106083000+0800",
        "PID|1||H0001^^^SZH^MR~%s^^^CHN^NNCHN||王^小明^^^^^L||19850312|M|||科技园路1号^^深圳^广东^518057^CHN^H^^440305||+86 138-0013-8000^PRN^CP|||M" % ids["wang"],
        "NK1|1|李^娜|SPO^Spouse^HL70063||13912345678^PRN^CP",
        "PV1|1|I|W3^301^2^SZH||||1001^刘^医生||||||||||||V20250106001^^^SZH^VN|||||||||||||||||||||||||20250106083000+0800",
        "OBX|1|NM|8302-2^Body height^LN||175|cm^cm^UCUM|||||F|||20250106084000+0800",
        "DG1|1|I10|I10^Essential (primary) hypertension^I10|原发性高血压|20250106|A",
    ]
    oru = [
        "MSH|^~\\&|LIS|SZH|GX|GX|20250107101500+0800||ORU^R01^ORU_R01|ORU0001|P|2.5.1|||AL|NE|CHN|UNICODE UTF-8",
        "PID|1||H0002^^^SZH^MR~%s^^^CHN^NNCHN||李^娜||19920701|F" % ids["li"],
        "PV1|1|O|CLINIC^^^SZH",
        "ORC|RE|PLC123^HIS|FIL456^LIS",
        "OBR|1|PLC123^HIS|FIL456^LIS|24331-1^Lipid panel^LN|||20250107083000+0800|||||||||1001^刘^医生||||||20250107101000+0800|||F",
        "OBX|1|NM|2093-3^Cholesterol [Mass/volume] in Serum or Plasma^LN||5.90|mmol/L^mmol/L^UCUM|<5.2|H|||F",
        "OBX|2|SN|2571-8^Triglyceride [Mass/volume] in Serum or Plasma^LN||<^0.5|mmol/L^mmol/L^UCUM|0.5-1.7|L|||F",
        "OBX|3|SN|14647-2^Cholesterol [Moles/volume] in Serum or Plasma^LN||^4.1^-^4.5|mmol/L^mmol/L^UCUM||N|||F",
        "OBX|4|CE|882-1^ABO and Rh group [Type] in Blood^LN||278149003^Blood group A Rh(D) positive^SCT||||||F",
        "OBX|5|ST|8251-1^Service comment^LN||空腹采血\\T\\复查||||||F",
        "NTE|1||建议三个月后复查",
        "OBX|6|DT|21112-8^Birth date^LN||19920701||||||F",
        "SPM|1|SP789||119364003^Serum specimen^SCT|||||||||||||20250107083000+0800",
    ]
    a40 = [
        "MSH|^~\\&|HIS|SZH|GX|GX|20250108090000+0800||ADT^A40^ADT_A39|ADT0040|P|2.5",
        "EVN|A40|20250108090000+0800",
        "PID|1||H0004^^^SZH^MR~%s^^^CHN^NNCHN||陈^建国||19780101|M" % ids["chen"],
        "MRG|H0099^^^SZH^MR",
    ]
    for name, segs in (("adt-a01-zh.hl7", adt), ("oru-r01-zh.hl7", oru), ("adt-a40.hl7", a40)):
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
            f.write("\r".join(segs) + "\r")


if __name__ == "__main__":
    main()
