using System.Text.Json;
using Approval.Core.Forms;

namespace Approval.Core.Tests;

/// <summary>A form's field problems carry a stable code for the kind of mistake (issue 16 §1); the message keeps the specifics.</summary>
public sealed class FormValuesTests
{
    private static FormValues Form(Dictionary<string, object> fields) =>
        new(fields.ToDictionary(f => f.Key, f => JsonSerializer.SerializeToElement(f.Value)));

    [Fact]
    public void Problems_CarryTheCodeOfTheirKind_BesideTheirField()
    {
        var values = Form(new() { ["long"] = new string('x', 11), ["big"] = 101, ["word"] = "many", ["half"] = 1.5 });
        values.Text("missing", 10, required: true, "缺");
        values.Text("long", 10, required: true, "长");
        values.Number("big", 0, 100, required: true, "大");
        values.Number("word", 0, 100, required: true, "字");
        values.Int("half", 0, 10, required: true, "半");
        Assert.Equal([
                ("big", FieldCodes.OutOfRange), ("half", FieldCodes.InvalidFormat), ("long", FieldCodes.TooLong),
                ("missing", FieldCodes.Required), ("word", FieldCodes.InvalidFormat)],
            values.Problems.Select(p => (p.Where, p.Code)).OrderBy(p => p.Where, StringComparer.Ordinal));
    }
}
