namespace Approval.Core.Orgs.Import;

/// <summary>
/// Codes of an import's problems beyond a field's (<see cref="FieldCodes"/>, with the column as <c>Where</c> and the
/// row as <c>Line</c>): the file as a whole, and a loop that no single row shows.
/// </summary>
public static class ImportCodes
{
    /// <summary>The file cannot be imported: neither .xlsx nor .csv, unreadable, or beyond the size, row or cell limits (row 0, column <c>file</c>).</summary>
    public const string BadFile = "bad-file";

    /// <summary>The chain of parent codes loops back to the row.</summary>
    public const string ParentLoop = "parent-loop";
}
