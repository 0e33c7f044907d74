/// Calendar arithmetic for the minutes without Foundation: UTC timestamps and Swedish local time.
enum MinutesClock {
    /// `YYYY-MM-DDTHH:MM:SSZ`, with `.sss` before the `Z` when the milliseconds are not zero.
    static func iso8601(milliseconds ms: Int64) -> String {
        let parts = Parts(milliseconds: ms)
        var out = "\(parts.date)T\(pad(parts.hour)):\(pad(parts.minute)):\(pad(parts.second))"
        if parts.millisecond != 0 { out += "." + pad(parts.millisecond, width: 3) }
        return out + "Z"
    }

    /// `HH:MM` in Swedish time (CET, or CEST between the EU change-over Sundays).
    static func swedishTime(milliseconds ms: Int64) -> String {
        let local = Parts(milliseconds: ms + swedishOffset(at: ms))
        return "\(pad(local.hour)):\(pad(local.minute))"
    }

    /// `YYYY-MM-DD` in Swedish time.
    static func swedishDate(milliseconds ms: Int64) -> String {
        Parts(milliseconds: ms + swedishOffset(at: ms)).date
    }

    /// `YYYY-MM-DD HH:MM` in Swedish time: what a reader, and a spreadsheet, takes for a local time.
    static func swedishDateTime(milliseconds ms: Int64) -> String {
        "\(swedishDate(milliseconds: ms)) \(swedishTime(milliseconds: ms))"
    }

    /// CET is UTC+1; summer time (UTC+2) runs from 01:00 UTC on the last Sunday of March
    /// to 01:00 UTC on the last Sunday of October.
    static func swedishOffset(at ms: Int64) -> Int64 {
        let hour: Int64 = 3_600_000
        let year = Parts(milliseconds: ms).year
        let start = lastSunday(year: year, month: 3) * 86_400_000 + hour
        let end = lastSunday(year: year, month: 10) * 86_400_000 + hour
        return (start..<end).contains(ms) ? 2 * hour : hour
    }

    struct Parts {
        var year, month, day, hour, minute, second, millisecond: Int64

        init(milliseconds ms: Int64) {
            let days = floorDivide(ms, 86_400_000)
            let rest = ms - days * 86_400_000
            (year, month, day) = civil(fromDays: days)
            hour = rest / 3_600_000
            minute = rest / 60_000 % 60
            second = rest / 1000 % 60
            millisecond = rest % 1000
        }

        var date: String { "\(pad(year, width: 4))-\(pad(month))-\(pad(day))" }
    }

    /// Year, month, day of a count of days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
    static func civil(fromDays z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = floorDivide(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since 1970-01-01 of a civil date; the inverse of `civil(fromDays:)`.
    static func days(year y0: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? y0 - 1 : y0
        let era = floorDivide(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day number of the last Sunday of a month.
    static func lastSunday(year: Int64, month: Int64) -> Int64 {
        let last = month == 12 ? days(year: year + 1, month: 1, day: 1) - 1 : days(year: year, month: month + 1, day: 1) - 1
        let weekday = ((last + 4) % 7 + 7) % 7  // 1970-01-01 was a Thursday; 0 is Sunday.
        return last - weekday
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func pad(_ n: Int64, width: Int = 2) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
