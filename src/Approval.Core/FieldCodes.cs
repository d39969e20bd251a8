namespace Approval.Core;

/// <summary>
/// The stable codes of a field's problem (<see cref="Approval.Engine.Problem"/> with the field as <c>Where</c>): forms, requests,
/// imported rows and scheme rules share this small vocabulary, so a caller can act on the kind of mistake while
/// the message keeps the specifics ("年度须在2000至2100之间 / the year must be between 2000 and 2100"). Each has a
/// Chinese and an English text in the web project's <c>problem-texts.json</c>.
/// </summary>
public static class FieldCodes
{
    /// <summary>A value the field needs is missing (or a list that needs an entry is empty).</summary>
    public const string Required = "required";

    /// <summary>A text is longer than its limit.</summary>
    public const string TooLong = "too-long";

    /// <summary>A list holds more entries than allowed.</summary>
    public const string TooMany = "too-many";

    /// <summary>A value cannot be read as what the field holds: a date, a duration, a number, an email address, a key.</summary>
    public const string InvalidFormat = "invalid-format";

    /// <summary>A number or date outside its range (negative counts, a due date in the past, a year beyond 2100).</summary>
    public const string OutOfRange = "out-of-range";

    /// <summary>A value that is not one of the field's choices (an organization kind, a vote mode, an outcome).</summary>
    public const string InvalidChoice = "invalid-choice";

    /// <summary>It names something that does not exist or is not among those it may name (an organization, a star, a scheme).</summary>
    public const string UnknownReference = "unknown-reference";

    /// <summary>It is already there or given twice (a login, a code, a star, a vote for the same subject and year).</summary>
    public const string Duplicate = "duplicate";

    /// <summary>It contradicts another value (more ballots than voters, weights that do not add up, two passwords that differ).</summary>
    public const string Inconsistent = "inconsistent";

    /// <summary>What it acts on is not in a state that allows it (a closed vote, a task that is not open, a level already lowest).</summary>
    public const string WrongState = "wrong-state";

    /// <summary>The rules do not allow this person or this change (disabling oneself, the last administrator, two tiers).</summary>
    public const string NotPermitted = "not-permitted";

    /// <summary>A password or a second-factor code that is not correct.</summary>
    public const string Incorrect = "incorrect";

    /// <summary>A file whose kind is not accepted, by its extension or by its content (a renamed file).</summary>
    public const string FileType = "file-type";

    /// <summary>A file larger than the configured limit.</summary>
    public const string FileTooLarge = "file-too-large";

    /// <summary>A file the virus-scan hook refused (a finding, a scanner error or a timeout).</summary>
    public const string FileRefused = "file-refused";
}
