extension FHIR {
    /// Newline-delimited JSON (`application/fhir+ndjson`, FHIR bulk data): one resource per line.
    public enum NDJSON {
        /// One non-blank line of an NDJSON input.
        public struct Line: Sendable {
            /// 1-based line number.
            public var number: Int
            /// The line's bytes (without the newline).
            public var bytes: ArraySlice<UInt8>
        }

        /// Splits NDJSON into its non-blank lines (`\n` or `\r\n` endings).
        public static func lines(_ bytes: [UInt8]) -> [Line] {
            var result: [Line] = []
            var number = 0
            var start = 0
            while start < bytes.count {
                number += 1
                var end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                let next = end + 1
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                let line = bytes[start..<end]
                start = next
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                result.append(Line(number: number, bytes: line))
            }
            return result
        }

        /// Parses every line into a resource, each with its own result, so an importer can store the good lines and
        /// reject the bad ones with their line numbers.
        public static func parseEach(_ bytes: [UInt8], file: String? = nil) -> [(line: Int, result: Result<Resource, HealthRecordsError>)] {
            lines(bytes).map { line in
                do throws(HealthRecordsError) {
                    return (line.number, .success(try Resource(parsing: line.bytes, file: file)))
                } catch {
                    var error = error
                    var position = error.position ?? .init(file: file)
                    position.line = line.number
                    error.position = position
                    return (line.number, .failure(error))
                }
            }
        }

        /// Parses all lines, throwing at the first bad one (the error names its line).
        public static func parse(_ bytes: [UInt8], file: String? = nil) throws(HealthRecordsError) -> [Resource] {
            var resources: [Resource] = []
            for (_, result) in parseEach(bytes, file: file) {
                switch result {
                case .success(let resource): resources.append(resource)
                case .failure(let error): throw error
                }
            }
            return resources
        }

        /// Writes resources as NDJSON (compact JSON, one per line, each line ending in `\n`).
        public static func serialize(_ resources: [Resource]) -> [UInt8] {
            var out: [UInt8] = []
            for resource in resources {
                out += resource.serializedBytes()
                out.append(0x0A)
            }
            return out
        }
    }
}
