using System.Globalization;
using System.Reflection;
using Approval.Core;
using Approval.Core.Orgs.Import;
using Approval.Core.Schemes;
using Approval.Engine;
using Approval.Engine.Migration;
using Approval.Engine.Parsing;
using Approval.Web.Localization;

namespace Approval.Web.Tests;

/// <summary>Every stable code the engine and the application can give is documented in both languages (issue 16 §1).</summary>
public sealed class ProblemTextsTests
{
    private static IEnumerable<string> Constants(Type codes) =>
        codes.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    [Fact(DisplayName = "Every parser, migration, fault, field, import, scheme and print code has a Chinese and an English text, and no text is for a code that does not exist")]
    public void EveryCode_HasItsTexts()
    {
        var codes = new[] { typeof(ProblemCodes), typeof(MigrationCodes), typeof(FaultCodes), typeof(FieldCodes), typeof(ImportCodes), typeof(SchemeCodes), typeof(Engine.Modification.ModificationCodes), typeof(Printing.PrintCodes), typeof(Engine.Runtime.OperationCodes) }
            .SelectMany(Constants).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(codes.Where(c => ProblemTexts.Both(c) is null).Order());
        Assert.Empty(ProblemTexts.Codes.Where(c => !codes.Contains(c)).Order());
        Assert.All(codes, c => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", ProblemTexts.Both(c)!.Value.Zh));
    }

    [Fact(DisplayName = "A problem reads in the page's language: the code's Chinese text on a Chinese page, the engine's detailed message on an English one")]
    public void AProblem_ReadsInThePagesLanguage()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal("表达式无法解析", ProblemTexts.Explain(ProblemCodes.BadExpression, "Flow 'f3': ${x > } cannot be read."));
            Assert.Equal("“Task_a”：在新版本中没有对应环节，请指定。",
                Pages.Designer.MigrateModel.Explain(new Problem(MigrationCodes.Unmapped, "Task_a", "Task_a is not mapped.")));
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("Flow 'f3': ${x > } cannot be read.", ProblemTexts.Explain(ProblemCodes.BadExpression, "Flow 'f3': ${x > } cannot be read."));
        }
        finally { CultureInfo.CurrentUICulture = before; }
    }
}
