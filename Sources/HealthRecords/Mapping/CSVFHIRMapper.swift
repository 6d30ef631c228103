import Foundation

/// Reads CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF, optional UTF-8 BOM) into rows.
public struct CSVTable: Sendable {
    /// The header row.
    public var header: [String]
    /// Data rows with the 1-based line each starts on.
    public var rows: [(line: Int, cells: [String])]

    /// Parses CSV text.
    ///
    /// - Throws: ``HealthRecordsError`` (`invalid_csv`) for an unterminated quote or a row whose cell count differs
    ///   from the header's, naming the file and line.
    public init(bytes input: [UInt8], delimiter: UInt8 = UInt8(ascii: ","), source: String?) throws(HealthRecordsError) {
        var bytes = input[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var records: [(Int, [String])] = []
        var cells: [String] = []
        var cell: [UInt8] = []
        var line = 1, recordLine = 1
        var inQuotes = false, quotedCell = false
        var i = bytes.startIndex
        func endCell() { cells.append(String(decoding: cell, as: UTF8.self)); cell.removeAll(keepingCapacity: true); quotedCell = false }
        while i < bytes.endIndex {
            let b = bytes[i]
            if inQuotes {
                if b == 0x22 {
                    if i + 1 < bytes.endIndex && bytes[i + 1] == 0x22 { cell.append(0x22); i += 2; continue }
                    inQuotes = false
                } else {
                    if b == 0x0A { line += 1 }
                    cell.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case 0x22 where cell.isEmpty && !quotedCell: inQuotes = true; quotedCell = true
            case delimiter: endCell()
            case 0x0D where i + 1 < bytes.endIndex && bytes[i + 1] == 0x0A: break
            case 0x0A, 0x0D:
                endCell()
                if !(cells.count == 1 && cells[0].isEmpty) { records.append((recordLine, cells)) }
                cells = []
                line += 1
                recordLine = line
            default: cell.append(b)
            }
            i += 1
        }
        if inQuotes { throw HealthRecordsError(.invalidCSV, "a quoted cell is not closed", position: .init(file: source, line: recordLine)) }
        if !cell.isEmpty || !cells.isEmpty { endCell(); records.append((recordLine, cells)) }
        guard let first = records.first else { throw HealthRecordsError(.invalidCSV, "the file has no header row", position: .init(file: source, line: 1)) }
        header = first.1.map { $0.trimmingWhitespace() }
        rows = []
        for (recordLine, cells) in records.dropFirst() {
            guard cells.count == header.count else {
                throw HealthRecordsError(.invalidCSV, "row has \(cells.count) cells but the header has \(header.count)",
                                         position: .init(file: source, record: rows.count + 1, line: recordLine))
            }
            rows.append((recordLine, cells))
        }
    }
}

/// Applies a ``CSVMapping`` to CSV rows: one transaction Bundle per row.
public struct CSVFHIRMapper: Sendable {
    /// The mapping.
    public var mapping: CSVMapping

    /// Creates a mapper.
    public init(mapping: CSVMapping) { self.mapping = mapping }

    /// The result of one row.
    public struct RowResult: Sendable {
        /// 1-based data row number.
        public var row: Int
        /// The line the row starts on.
        public var line: Int
        /// The Bundle, or `nil` when the row was rejected.
        public var bundle: FHIR.Bundle?
        /// Why the row was rejected.
        public var error: HealthRecordsError?
        /// Values left out.
        public var warnings: [HealthRecordsError]
    }

    /// Reads and maps a CSV file.
    ///
    /// - Throws: ``HealthRecordsError`` for an unreadable file, a bad encoding, malformed CSV or a mapping column
    ///   missing from the header; row-level problems are in each ``RowResult``.
    public func map(contentsOf url: URL) throws(HealthRecordsError) -> [RowResult] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw HealthRecordsError(.io, "cannot read the file: \(error.localizedDescription)", position: .init(file: url.path))
        }
        return try map(bytes: [UInt8](data), source: url.path)
    }

    /// Maps CSV bytes.
    public func map(bytes: [UInt8], source: String?) throws(HealthRecordsError) -> [RowResult] {
        var utf8 = bytes
        switch HL7v2.CharacterSet.encoding(named: mapping.encoding ?? "UTF-8") {
        case .utf8:
            guard String(validating: bytes, as: UTF8.self) != nil else {
                let (offset, byte) = HL7v2.Parser.firstInvalidUTF8(bytes)
                let line = 1 + bytes[..<offset].filter { $0 == 0x0A }.count
                throw HealthRecordsError(.invalidCSV, "byte 0x\(String(byte, radix: 16, uppercase: true)) is not valid UTF-8; set \"encoding\" in the mapping (e.g. GB18030)",
                                         position: .init(file: source, line: line))
            }
        case .other(let name):
            guard let converted = HL7v2.CharacterSet.convertToUTF8(bytes, from: name) else {
                throw HealthRecordsError(.invalidCSV, "the file is not valid \(name) text", position: .init(file: source))
            }
            utf8 = converted
        case .unknown(let name):
            throw HealthRecordsError(.invalidCSV, "encoding \"\(name)\" is not supported", position: .init(file: source))
        }
        let delimiter = mapping.delimiter.flatMap { $0.utf8.first } ?? UInt8(ascii: ",")
        let table = try CSVTable(bytes: utf8, delimiter: delimiter, source: source)
        var columns: [String: Int] = [:]
        for (index, name) in table.header.enumerated() where columns[name] == nil { columns[name] = index }
        for resource in mapping.resources {
            for field in resource.fields {
                for name in [field.column] + [field.displayColumn].compactMap({ $0 }) where columns[name] == nil {
                    throw HealthRecordsError(.invalidCSV, "the mapping uses column \"\(name)\", which the header does not have (header: \(table.header.joined(separator: ", ")))",
                                             position: .init(file: source, line: 1))
                }
            }
        }
        return table.rows.enumerated().map { index, row in
            mapRow(row.cells, columns: columns, row: index + 1, line: row.line, source: source)
        }
    }

    func mapRow(_ cells: [String], columns: [String: Int], row: Int, line: Int, source: String?) -> RowResult {
        var warnings: [HealthRecordsError] = []
        func position(_ column: String) -> HealthRecordsError.Position { .init(file: source, record: row, line: line, location: column) }
        let zone = mapping.defaultTimeZone ?? "+08:00"
        var urls: [String: String] = [:]
        for (index, resource) in mapping.resources.enumerated() {
            urls[resource.key] = CSVFHIRMapper.uuid(source: source ?? "", row: row, key: resource.key, index: index)
        }
        var entries: [FHIR.JSON] = []
        for resource in mapping.resources {
            var object: FHIR.JSON.Object = ["resourceType": .string(resource.resourceType)]
            for member in resource.fixed ?? [:] { object[member.key] = member.value }
            var filled = 0
            var residentIDs: [FHIR.China.ResidentIdentityNumber] = []
            for field in resource.fields {
                let raw = cells[columns[field.column]!].trimmingWhitespace()
                if raw.isEmpty {
                    if field.required == true {
                        return RowResult(row: row, line: line, bundle: nil,
                                         error: HealthRecordsError(.mapping, "required column is empty", position: position(field.column)), warnings: warnings)
                    }
                    continue
                }
                var text = raw
                if let translate = field.translate {
                    if let mapped = translate[raw] { text = mapped } else if field.strict == true {
                        return RowResult(row: row, line: line, bundle: nil,
                                         error: HealthRecordsError(.mapping, "value is not one of the translation's keys (\(translate.keys.sorted().joined(separator: ", ")))", position: position(field.column)),
                                         warnings: warnings)
                    }
                }
                let display = field.displayColumn.map { cells[columns[$0]!].trimmingWhitespace() }
                let value: FHIR.JSON?
                switch CSVFHIRMapper.convert(text, original: raw, field: field, display: display, zone: zone, urls: urls) {
                case .success(let converted):
                    value = converted
                case .failure(let problem):
                    if field.required == true {
                        return RowResult(row: row, line: line, bundle: nil, error: HealthRecordsError(.mapping, problem.text, position: position(field.column)), warnings: warnings)
                    }
                    warnings.append(HealthRecordsError(.mapping, problem.text + "; left out", position: position(field.column)))
                    value = nil
                }
                guard var value else { continue }
                if field.type == "ResidentID" {
                    if let id = value.objectValue?["value"]?.stringValue, case .success(let number) = FHIR.China.ResidentIdentityNumber.parse(id),
                       value.objectValue?["system"]?.stringValue == FHIR.China.residentIDSystem {
                        residentIDs.append(number)
                    } else {
                        warnings.append(HealthRecordsError(.invalidIdentifier, "invalid resident identity number; kept under urn:gx:unverified-resident-id", position: position(field.column)))
                    }
                }
                if field.type == "code", let system = field.originalCodeSystem, let path = try? ElementPath(field.element),
                   case .member(let name) = path.steps.last!, path.steps.count == 1 {
                    object["_" + name] = .object(["extension": .array([.object([
                        "url": .string("http://hl7.org/fhir/StructureDefinition/iso21090-SC-coding"),
                        "valueCoding": .object(["system": .string(system), "code": .string(raw)]),
                    ])])])
                    value = .string(text)
                }
                (try? ElementPath(field.element))?.set(value, in: &object)
                filled += 1
            }
            for number in residentIDs {
                var conflict = false
                if let birthDate = object["birthDate"]?.stringValue, birthDate.count == 10, birthDate != number.birthDate {
                    warnings.append(HealthRecordsError(.mapping, "birth date differs from the one embedded in the resident identity number; the number is kept under urn:gx:unverified-resident-id", position: position("birthDate")))
                    conflict = true
                }
                if let gender = object["gender"]?.stringValue, gender == "male" || gender == "female", gender != number.gender.rawValue {
                    warnings.append(HealthRecordsError(.mapping, "sex differs from the sex digit of the resident identity number; the number is kept under urn:gx:unverified-resident-id", position: position("gender")))
                    conflict = true
                }
                if conflict { HL7v2DataTypes.demoteResidentID(number.value, in: &object) }
            }
            guard filled > 0 else { continue }
            var request: FHIR.JSON.Object = ["method": .string("POST"), "url": .string(resource.resourceType)]
            if resource.conditionalOn == "identifier",
               let identifier = object["identifier"]?.arrayValue?.compactMap(\.objectValue).first(where: { $0["system"] != nil && $0["system"]?.stringValue != "urn:gx:unverified-resident-id" }),
               let value = identifier["value"]?.stringValue {
                request = ["method": .string("PUT"),
                           "url": .string("\(resource.resourceType)?identifier=" + HL7v2FHIRMapper.Context.queryEscape((identifier["system"]?.stringValue ?? "") + "|" + value))]
            }
            entries.append(.object(["fullUrl": .string(urls[resource.key]!), "resource": .object(object), "request": .object(request)]))
        }
        // Drop references to resources that were not written (all their cells empty).
        let written = Set(entries.compactMap { $0.objectValue?["fullUrl"]?.stringValue })
        entries = entries.map { CSVFHIRMapper.pruneReferences($0, keeping: written) }
        guard !entries.isEmpty else {
            return RowResult(row: row, line: line, bundle: nil, error: HealthRecordsError(.mapping, "the row has no value in any mapped column", position: .init(file: source, record: row, line: line)), warnings: warnings)
        }
        let bundle = FHIR.Bundle(json: ["resourceType": .string("Bundle"), "type": .string("transaction"), "entry": .array(entries)])
        return RowResult(row: row, line: line, bundle: bundle, error: nil, warnings: warnings)
    }

    static func pruneReferences(_ json: FHIR.JSON, keeping written: Set<String>) -> FHIR.JSON {
        switch json {
        case .object(var object):
            for member in object {
                if case .object(let inner) = member.value, let reference = inner["reference"]?.stringValue, reference.hasPrefix("urn:uuid:"), !written.contains(reference) {
                    object[member.key] = nil
                } else {
                    object[member.key] = pruneReferences(member.value, keeping: written)
                }
            }
            return .object(object)
        case .array(let array): return .array(array.map { pruneReferences($0, keeping: written) })
        default: return json
        }
    }

    static func uuid(source: String, row: Int, key: String, index: Int) -> String {
        NameBasedUUID.urn([source, String(row), key, String(index)].joined(separator: "\u{1F}"))
    }

    /// Converts one cell to the field's FHIR type.
    static func convert(_ text: String, original: String, field: CSVMapping.Field, display: String?, zone: String, urls: [String: String]) -> Result<FHIR.JSON, CellProblem> {
        switch field.type {
        case "string", "markdown", "uri", "id": return .success(.string(text))
        case "code":
            guard let code = HL7v2DataTypes.code(text) else { return .failure("empty code") }
            return .success(.string(code))
        case "boolean":
            switch text.lowercased() {
            case "true", "1", "y", "yes", "是": return .success(.bool(true))
            case "false", "0", "n", "no", "否": return .success(.bool(false))
            default: return .failure("value is not a boolean")
            }
        case "integer":
            guard let n = Int(text) else { return .failure("value is not an integer") }
            return .success(.number(String(n)))
        case "decimal":
            guard let d = HL7v2DataTypes.decimal(text) else { return .failure("value is not a number") }
            return .success(.number(d))
        case "date":
            guard let date = parseDate(text, format: field.format) else { return .failure("value is not a date\(field.format.map { " in format \($0)" } ?? "")") }
            return .success(.string(date))
        case "dateTime":
            guard let dateTime = parseDateTime(text, format: field.format, zone: zone) else { return .failure("value is not a date/time") }
            return .success(.string(dateTime))
        case "Identifier":
            var identifier: FHIR.JSON.Object = [:]
            if let use = field.use { identifier["use"] = .string(use) }
            if let type = field.identifierType { identifier["type"] = HL7v2DataTypes.concept(system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: type) }
            if let system = field.system { identifier["system"] = .string(system) }
            identifier["value"] = .string(text)
            return .success(.object(identifier))
        case "ResidentID":
            var identifier: FHIR.JSON.Object = ["type": HL7v2DataTypes.concept(system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "NNCHN")]
            switch FHIR.China.ResidentIdentityNumber.parse(text) {
            case .success(let number):
                identifier["system"] = .string(FHIR.China.residentIDSystem)
                identifier["value"] = .string(number.value)
            case .failure:
                identifier["system"] = .string("urn:gx:unverified-resident-id")
                identifier["value"] = .string(text)
            }
            return .success(.object(identifier))
        case "CodeableConcept", "Coding":
            guard let code = HL7v2DataTypes.code(text) else { return .failure("empty code") }
            var coding: FHIR.JSON.Object = [:]
            if let system = field.system { coding["system"] = .string(system) }
            coding["code"] = .string(code)
            if let display, !display.isEmpty { coding["display"] = .string(display) }
            if field.type == "Coding" { return .success(.object(coding)) }
            var concept: FHIR.JSON.Object = ["coding": .array([.object(coding)])]
            if let display, !display.isEmpty { concept["text"] = .string(display) }
            return .success(.object(concept))
        case "Quantity":
            guard let value = HL7v2DataTypes.decimal(text) else { return .failure("value is not a number") }
            var quantity: FHIR.JSON.Object = ["value": .number(value)]
            let unit = (display?.isEmpty == false ? display : nil) ?? field.unit
            if let unit {
                quantity["unit"] = .string(unit)
                quantity["system"] = .string(field.system ?? "http://unitsofmeasure.org")
                quantity["code"] = .string(unit)
            }
            return .success(.object(quantity))
        case "ContactPoint":
            let system = field.system ?? "phone"
            let value = system == "email" ? text : HL7v2DataTypes.normalizedPhone(text)
            guard let value else { return .failure("value is not a phone number") }
            var point: FHIR.JSON.Object = ["system": .string(system), "value": .string(value)]
            if let use = field.use { point["use"] = .string(use) }
            return .success(.object(point))
        case "Reference":
            guard let target = field.target, let url = urls[target] else { return .failure("unknown reference target") }
            return .success(.object(["reference": .string(url)]))
        default:
            return .failure("unsupported type \(field.type)")
        }
    }

    static func parseDate(_ text: String, format: String?) -> String? {
        if let format, let date = formatted(text, format: format) { return date.date }
        let digits = text.filter { $0.isNumber }
        let separated = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        if separated.count == 3, separated[0].count == 4, let y = Int(separated[0]), let m = Int(separated[1]), let d = Int(separated[2]) {
            return validDate(y, m, d)
        }
        if digits.count == text.count, [4, 6, 8].contains(digits.count) { return HL7v2DataTypes.date(digits) }
        return nil
    }

    static func validDate(_ y: Int, _ m: Int, _ d: Int) -> String? {
        guard y >= 1, (1...12).contains(m), d >= 1, d <= HL7v2DataTypes.daysIn(month: m, year: y) else { return nil }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    static func parseDateTime(_ text: String, format: String?, zone: String) -> String? {
        if let format, let parsed = formatted(text, format: format) { return parsed.dateTime(zone: zone) }
        // ISO 8601 with or without zone, "yyyy-MM-dd HH:mm[:ss]", or HL7 TS digits.
        let normalized = text.replacingOccurrences(of: " ", with: "T")
        let pieces = normalized.split(separator: "T", maxSplits: 1)
        guard let date = parseDate(String(pieces[0]), format: nil) else { return nil }
        guard pieces.count == 2 else { return date }
        var time = String(pieces[1])
        var tz = zone
        if time.hasSuffix("Z") { tz = "Z"; time.removeLast() }
        else if let sign = time.lastIndex(where: { $0 == "+" || $0 == "-" }) { tz = String(time[sign...]); time = String(time[..<sign]) }
        let parts = time.split(separator: ":")
        guard parts.count >= 2, parts.count <= 3, let h = Int(parts[0]), h < 24, let m = Int(parts[1]), m < 60 else { return nil }
        let secondsText = parts.count == 3 ? String(parts[2]) : "00"
        guard let s = Double(secondsText), s < 60 else { return nil }
        guard tz == "Z" || (tz.count == 6 && tz.dropFirst().contains(":")) else { return nil }
        return "\(date)T" + String(format: "%02d:%02d:", h, m) + (secondsText.count >= 2 ? secondsText : "0" + secondsText) + tz
    }

    struct FormattedDate {
        var date: String
        var time: String?
        func dateTime(zone: String) -> String { time.map { "\(date)T\($0)\(zone)" } ?? date }
    }

    /// Parses with a simple pattern of `yyyy MM M dd d HH mm ss` and literal characters.
    static func formatted(_ text: String, format: String) -> FormattedDate? {
        var values: [Character: Int] = [:]
        var t = Substring(text)
        var f = Substring(format)
        while let c = f.first {
            if "yMdHms".contains(c) {
                let run = f.prefix(while: { $0 == c })
                f = f.dropFirst(run.count)
                let maxDigits = run.count == 1 ? 2 : run.count
                let digits = t.prefix(while: { $0.isNumber }).prefix(maxDigits)
                guard !digits.isEmpty, run.count == 1 || digits.count == run.count, let n = Int(digits) else { return nil }
                values[c] = n
                t = t.dropFirst(digits.count)
            } else {
                guard t.first == c else { return nil }
                t = t.dropFirst(); f = f.dropFirst()
            }
        }
        guard t.isEmpty, let y = values["y"], let m = values["M"], let d = values["d"], let date = validDate(y, m, d) else { return nil }
        guard let h = values["H"] else { return FormattedDate(date: date, time: nil) }
        let mi = values["m"] ?? 0, s = values["s"] ?? 0
        guard h < 24, mi < 60, s < 60 else { return nil }
        return FormattedDate(date: date, time: String(format: "%02d:%02d:%02d", h, mi, s))
    }
}


/// Why a cell could not be converted (no cell content in the text: it may be personal data).
struct CellProblem: Error, ExpressibleByStringInterpolation {
    var text: String
    init(stringLiteral value: String) { text = value }
}
