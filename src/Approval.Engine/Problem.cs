namespace Approval.Engine;

/// <summary>
/// One thing wrong with what a person gave the system — a BPMN file, a migration, a form, an import, a scheme — so
/// every caller lists, sorts and shows problems the same way (issue 16 §1). User input never throws; it returns these.
/// <see cref="Code"/> is stable and kebab-case (<c>ProblemCodes</c>, <c>MigrationCodes</c>, and Core's
/// <c>FieldCodes</c>, <c>ImportCodes</c>, <c>SchemeCodes</c>), with a Chinese and an English text per code;
/// <see cref="Message"/> names the specifics as it has always been shown. <see cref="Where"/> is what it is on:
/// the element id (BPMN, migration), the field (forms, requests: <c>roles[0].orgId</c>), the column of an import's
/// row (the row number in <see cref="Line"/>), or a scheme's JSON path (<c>$.bands[0].min</c>, prefixed with the file
/// and a colon when read from a directory: <c>five-star.json:$.bands[0].min</c>). <see cref="Line"/> is the BPMN
/// line or the import row; null when there is none. Where is null for a problem with the whole document.
/// </summary>
public sealed record Problem(string Code, string? Where, string Message, int? Line = null);
