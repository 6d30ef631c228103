extension HL7v2.ParsedInput {
    /// What became of each message number `1...messageCount`: its parsed message or the error that stopped it,
    /// and the errors not tied to one message (file and batch envelope), in input order.
    struct Outcomes: Sendable {
        var messages: [Int: HL7v2.Message] = [:]
        var errors: [Int: HealthRecordsError] = [:]
        var envelopeErrors: [HealthRecordsError] = []
    }

    /// The messages and errors by message number (the importer and the converter report both by number).
    var outcomes: Outcomes {
        var outcomes = Outcomes()
        for message in messages { outcomes.messages[message.number] = message }
        for error in errors {
            if let record = error.position?.record, outcomes.messages[record] == nil, outcomes.errors[record] == nil,
               record >= 1, record <= messageCount {
                outcomes.errors[record] = error
            } else {
                outcomes.envelopeErrors.append(error)
            }
        }
        return outcomes
    }
}
