#!/usr/bin/env python3
"""Simulates the records test load: one population seen by three sources, with the true identities known.

Sources (written to OUT/):
  hospital-adt.hl7      HL7 v2.5 ADT feed (A04 register, A08 update, A40 merge of duplicate MRNs); segments end
                        with CR, messages are separated by a newline.
  clinic.csv            community-clinic export (UTF-8, header row), CSV mapping (docs/mapping.md format) in clinic-mapping.json
  family-doctor.ndjson  family-doctor FHIR R4 Bundles, one transaction Bundle per line (Patient + Observation)
  truth.csv             file,position,person,kind  (position as the importer reports it: message N, row N, line N)
  records.csv           one flat row per patient record (for Splink), with the true person; name_pinyin is the
                        toneless pinyin (the same normalization gx's index uses)
Noise: missing and invalid resident IDs, homophone characters, romanized (pinyin) names, birth-date typos,
phones shared by a household, changed phones, missing address codes, duplicate hospital MRNs later merged (A40).

Usage: generate.py OUT [--persons N] [--seed S]
"""
import argparse, csv, json, os, random, datetime
import uuid


def fd_uuid(role, n):
    """A valid, deterministic urn:uuid for entry n of the family-doctor bundles (FHIR requires a real UUID)."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"gx-fixture:family-doctor:{role}:{n}"))

SURNAMES = [("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
            ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
            ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("高", "gao"),
            ("林", "lin"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
            ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
            ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"), ("董", "dong"), ("袁", "yuan"),
            ("潘", "pan"), ("于", "yu"), ("蒋", "jiang"), ("蔡", "cai"), ("余", "yu"), ("杜", "du"),
            ("叶", "ye"), ("程", "cheng"), ("苏", "su"), ("魏", "wei"), ("吕", "lv"), ("丁", "ding")]
GIVEN = [("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("强", "qiang"),
         ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"),
         ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"),
         ("桂", "gui"), ("英", "ying"), ("华", "hua"), ("建", "jian"), ("国", "guo"), ("文", "wen"), ("玉", "yu"),
         ("兰", "lan"), ("红", "hong"), ("春", "chun"), ("海", "hai"), ("晓", "xiao"), ("志", "zhi"), ("宇", "yu"),
         ("浩", "hao"), ("婷", "ting"), ("雪", "xue"), ("琳", "lin"), ("欣", "xin"), ("子", "zi"), ("梓", "zi"),
         ("轩", "xuan"), ("涵", "han"), ("博", "bo"), ("佳", "jia"), ("思", "si"), ("雨", "yu"), ("嘉", "jia"),
         ("俊", "jun"), ("鹏", "peng"), ("辉", "hui"), ("东", "dong"), ("亮", "liang"), ("成", "cheng"),
         ("林", "lin"), ("峰", "feng"), ("斌", "bin"), ("凤", "feng"), ("慧", "hui"), ("颖", "ying"), ("倩", "qian"),
         ("晨", "chen"), ("阳", "yang"), ("瑞", "rui"), ("凯", "kai"), ("帆", "fan"), ("鑫", "xin"), ("宁", "ning")]
# Homophones: a clerk may type another character with the same reading.
HOMOPHONES = {"wei": ["伟", "玮", "炜"], "fang": ["芳", "方"], "jing": ["静", "晶", "婧"], "li": ["丽", "莉", "力"],
              "min": ["敏", "民"], "jun": ["军", "君", "俊"], "yang": ["洋", "阳"], "jie": ["杰", "洁"],
              "ming": ["明", "铭"], "hua": ["华", "化"], "hong": ["红", "宏"], "hui": ["辉", "慧", "惠"],
              "lin": ["林", "琳"], "xin": ["欣", "鑫", "新"], "yu": ["玉", "宇", "雨"], "feng": ["峰", "凤", "锋"],
              "zhang": ["张", "章"], "chen": ["陈", "晨"], "xu": ["徐", "许"]}
CHAR_PINYIN = {c: p for c, p in SURNAMES + GIVEN}
for p, cs in HOMOPHONES.items():
    for c in cs:
        CHAR_PINYIN.setdefault(c, p)
DIVISIONS = ["440303", "440304", "440305", "440306", "440307", "440308", "440309", "440310", "440103", "440104",
             "440105", "440106", "110101", "110105", "310101", "310104", "430102", "420102", "510104", "441302"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
SYS_ID = "urn:oid:2.16.840.1.113883.2.23.1.19.1"


def resident_id(division, birth, seq_sex):
    body = division + birth.strftime("%Y%m%d") + seq_sex
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def make_population(rng, n):
    persons, pid = [], 0
    while len(persons) < n:
        size = rng.choices([1, 2, 3, 4], [40, 30, 20, 10])[0]
        surname = rng.choice(SURNAMES)
        division = rng.choice(DIVISIONS)
        home_phone = "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
        street = f"{rng.randint(1, 300)}号{rng.randint(1, 30)}栋{rng.randint(101, 2505)}"
        for _ in range(size):
            if len(persons) >= n:
                break
            pid += 1
            sex = rng.choice(["male", "female"])
            given = [rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2]))]
            own_surname = surname if rng.random() < 0.8 else rng.choice(SURNAMES)
            birth = datetime.date(1930, 1, 1) + datetime.timedelta(days=rng.randint(0, 33000))
            seq = f"{rng.randint(0, 99):02d}" + str(rng.choice([1, 3, 5, 7, 9] if sex == "male" else [0, 2, 4, 6, 8]))
            # Half the household members use the shared home phone; the others have their own mobile.
            phone = home_phone if rng.random() < 0.5 else "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
            persons.append(dict(person=f"P{pid:06d}", surname=own_surname, given=given, sex=sex, birth=birth,
                                rid=resident_id(division, birth, seq), phone=phone, division=division, street=street))
    return persons


def noisy(rng, p, rid_missing, romanize):
    """One source's view of a person."""
    name_chars = p["surname"][0] + "".join(c for c, _ in p["given"])
    if rng.random() < 0.05:  # homophone typo in one given-name character
        i = rng.randrange(len(p["given"]))
        py = p["given"][i][1]
        if py in HOMOPHONES:
            chars = list(name_chars)
            chars[1 + i] = rng.choice(HOMOPHONES[py])
            name_chars = "".join(chars)
    romanized = rng.random() < romanize
    family = p["surname"][1].capitalize() if romanized else p["surname"][0]
    given = "".join(py for _, py in p["given"]).capitalize() if romanized else name_chars[1:]
    birth = p["birth"]
    if rng.random() < 0.03:
        kind = rng.random()
        if kind < 0.5 and birth.day <= 12 and birth.day != birth.month:
            birth = datetime.date(birth.year, birth.day, birth.month)
        elif kind < 0.8:
            birth = birth.replace(day=min(28, max(1, birth.day + rng.choice([-1, 1]))))
        else:
            shifted = birth.year + rng.choice([-1, 1])
            birth = birth.replace(year=shifted, day=28 if (birth.month, birth.day) == (2, 29) else birth.day)
    rid = "" if rng.random() < rid_missing else p["rid"]
    if rid and rng.random() < 0.01:  # a mistyped ID number: fails the checksum, so the matcher must not trust it
        d = rng.randrange(6, 17)
        rid = rid[:d] + str((int(rid[d]) + 1) % 10) + rid[d + 1:]
    phone = p["phone"]
    r = rng.random()
    if r < 0.15:
        phone = ""
    elif r < 0.22:
        phone = "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
    division = "" if rng.random() < 0.1 else p["division"]
    return dict(family=family, given=given, romanized=romanized, birth=birth, rid=rid, phone=phone,
                division=division, sex=p["sex"])


def hl7_escape(s):
    return s.replace("\\", "\\E\\").replace("|", "\\F\\").replace("^", "\\S\\").replace("&", "\\T\\").replace("~", "\\R\\")


def adt(event, control, ts, mrn, v, visit=None, merge_from=None):
    sex = {"male": "M", "female": "F"}[v["sex"]]
    ids = f"{mrn}^^^HOSP^MR"
    if v["rid"]:
        ids += f"~{v['rid']}^^^CHN^NNCHN"
    structure = {"A04": "ADT_A01", "A08": "ADT_A01", "A40": "ADT_A39"}[event]
    segs = [f"MSH|^~\\&|HIS|SZH|GX|GX|{ts}||ADT^{event}^{structure}|{control}|P|2.5|||AL|NE||UNICODE UTF-8",
            f"EVN|{event}|{ts}",
            f"PID|1||{ids}||{hl7_escape(v['family'])}^{hl7_escape(v['given'])}||{v['birth'].strftime('%Y%m%d')}|{sex}|||"
            f"{hl7_escape(v.get('street', ''))}^^^^^^H^^{v['division']}||{v['phone']}"]
    if merge_from:
        segs.append(f"MRG|{merge_from}^^^HOSP^MR")
    else:
        segs.append(f"PV1|1|O|CLINIC^^^SZH||||||||||||||||{visit}")
    return "\r".join(segs) + "\r"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--persons", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=8)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    persons = make_population(rng, a.persons)
    truth, flat = [], []
    hl7, control, mrn_counter, visit_counter = [], 0, 100000, 500000
    merges = []
    t0 = datetime.datetime(2025, 1, 6, 8, 0, 0)
    # Each person is seen by at least one source.
    seen = {}
    for p in persons:
        s = [rng.random() < 0.6, rng.random() < 0.5, rng.random() < 0.4]
        if not any(s):
            s[rng.randrange(3)] = True
        seen[p["person"]] = s

    def flat_row(source, pos, p, v, file):
        name = (v["family"] + v["given"]) if not v["romanized"] else (v["family"] + v["given"]).lower()
        pinyin = name if v["romanized"] else "".join(CHAR_PINYIN.get(c, "") for c in name)
        flat.append(dict(unique_id=f"{file}#{pos}", source=source, person=p["person"], name=name, name_pinyin=pinyin,
                         birth_date=v["birth"].isoformat(), sex=v["sex"], phone=v["phone"], division=v["division"],
                         resident_id=v["rid"]))

    for p in persons:
        if not seen[p["person"]][0]:
            continue
        mrn_counter += 1
        mrn = f"H{mrn_counter}"
        for k in range(rng.choice([1, 1, 2, 3])):
            control += 1
            visit_counter += 1
            v = noisy(rng, p, 0.1, 0.0)
            v["street"] = p["street"]
            ts = (t0 + datetime.timedelta(minutes=control)).strftime("%Y%m%d%H%M%S")
            hl7.append((adt("A04" if k == 0 else "A08", f"MSG{control:08d}", ts, mrn, v, visit=f"V{visit_counter}"), p, v, "patient"))
        if rng.random() < 0.03:  # a duplicate registration under a new MRN, merged later by A40
            mrn_counter += 1
            dup = f"H{mrn_counter}"
            control += 1
            visit_counter += 1
            v = noisy(rng, p, 1.0, 0.0)
            ts = (t0 + datetime.timedelta(minutes=control)).strftime("%Y%m%d%H%M%S")
            hl7.append((adt("A04", f"MSG{control:08d}", ts, dup, v, visit=f"V{visit_counter}"), p, v, "patient"))
            merges.append((mrn, dup, p))
    rng.shuffle(hl7)
    for mrn, dup, p in merges:
        control += 1
        v = noisy(rng, p, 0.0, 0.0)
        ts = (t0 + datetime.timedelta(minutes=control)).strftime("%Y%m%d%H%M%S")
        hl7.append((adt("A40", f"MSG{control:08d}", ts, mrn, v, merge_from=dup), p, v, "merge"))
    with open(os.path.join(a.out, "hospital-adt.hl7"), "w", encoding="utf-8", newline="") as f:
        for i, (msg, p, v, kind) in enumerate(hl7, 1):
            f.write(msg + "\n")
            truth.append(("hospital-adt.hl7", f"message {i}", p["person"], kind))
            if kind == "patient":
                flat_row("hospital", f"message {i}", p, v, "hospital-adt.hl7")

    rows = []
    clinic_id = 0
    for p in persons:
        if not seen[p["person"]][1]:
            continue
        clinic_id += 1
        for _ in range(1 if rng.random() < 0.95 else 2):
            v = noisy(rng, p, 0.2, 0.1)
            rows.append((f"C{clinic_id:07d}", p, v))
    rng.shuffle(rows)
    with open(os.path.join(a.out, "clinic.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["clinic_id", "family_name", "given_name", "sex", "birth_date", "id_number", "phone", "division", "visit_date", "sbp", "dbp"])
        for i, (cid, p, v) in enumerate(rows, 1):
            w.writerow([cid, v["family"], v["given"], {"male": "1", "female": "2"}[v["sex"]], v["birth"].isoformat(),
                        v["rid"], v["phone"], v["division"], f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                        rng.randint(100, 170), rng.randint(60, 100)])
            truth.append(("clinic.csv", f"row {i}", p["person"], "patient"))
            flat_row("clinic", f"row {i}", p, v, "clinic.csv")
    with open(os.path.join(a.out, "clinic-mapping.json"), "w", encoding="utf-8") as f:
        json.dump({"name": "community-clinic", "description": "Community clinic export (generated test load)", "resources": [
            {"resourceType": "Patient", "key": "patient", "conditionalOn": "identifier", "fields": [
                {"column": "clinic_id", "element": "identifier[]", "type": "Identifier", "system": "urn:gx:clinic", "identifierType": "MR"},
                {"column": "id_number", "element": "identifier[]", "type": "ResidentID"},
                {"column": "family_name", "element": "name[0].family", "type": "string"},
                {"column": "given_name", "element": "name[0].given[]", "type": "string"},
                {"column": "sex", "element": "gender", "type": "code", "translate": {"0": "unknown", "1": "male", "2": "female", "9": "unknown"}},
                {"column": "birth_date", "element": "birthDate", "type": "date"},
                {"column": "phone", "element": "telecom[]", "type": "ContactPoint", "system": "phone", "use": "mobile"},
                {"column": "division", "element": "address[0].district", "type": "string"}]}]}, f, indent=2, ensure_ascii=False)

    n = 0
    with open(os.path.join(a.out, "family-doctor.ndjson"), "w", encoding="utf-8") as f:
        for p in persons:
            if not seen[p["person"]][2]:
                continue
            n += 1
            v = noisy(rng, p, 0.3, 0.05)
            ids = [dict(system="urn:gx:family-doctor", value=f"FD{n:07d}")]
            if v["rid"]:
                ids.append(dict(system=SYS_ID, value=v["rid"]))
            patient = dict(resourceType="Patient", id=f"fd{n}", identifier=ids,
                           name=[dict(family=v["family"], given=[v["given"]], text=(v["family"] + (" " if v["romanized"] else "") + v["given"]))],
                           gender=v["sex"], birthDate=v["birth"].isoformat())
            if v["phone"]:
                patient["telecom"] = [dict(system="phone", value=v["phone"], use="mobile")]
            if v["division"]:
                patient["address"] = [dict(line=[p["street"]], district=v["division"], use="home")]
            obs = dict(resourceType="Observation", id=f"fd{n}-bmi", status="final",
                       code=dict(coding=[dict(system="http://loinc.org", code="39156-5", display="Body mass index")]),
                       subject=dict(reference=fd_uuid("patient", n)), effectiveDateTime="2025-03-0%dT09:30:00+08:00" % rng.randint(1, 9),
                       valueQuantity=dict(value=round(rng.uniform(17, 32), 1), unit="kg/m2", system="http://unitsofmeasure.org", code="kg/m2"))
            bundle = dict(resourceType="Bundle", type="transaction", id=f"fd-bundle-{n}",
                          entry=[dict(fullUrl=fd_uuid("patient", n), resource=patient, request=dict(method="POST", url="Patient")),
                                 dict(fullUrl=fd_uuid("obs", n), resource=obs, request=dict(method="POST", url="Observation"))])
            f.write(json.dumps(bundle, ensure_ascii=False) + "\n")
            truth.append(("family-doctor.ndjson", f"line {n}", p["person"], "patient"))
            flat_row("family-doctor", f"line {n}", p, v, "family-doctor.ndjson")

    with open(os.path.join(a.out, "truth.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "position", "person", "kind"])
        w.writerows(truth)
    with open(os.path.join(a.out, "records.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(flat[0].keys()))
        w.writeheader()
        w.writerows(flat)
    print(f"generate: {len(persons)} persons, {len(hl7)} HL7 v2 messages ({len(merges)} A40), {len(rows)} clinic rows, "
          f"{n} family-doctor bundles -> {a.out}")


if __name__ == "__main__":
    main()
