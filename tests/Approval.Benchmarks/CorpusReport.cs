using System.Globalization;
using Approval.Core.Limits;
using Approval.Engine;
using Approval.Engine.Limits;
using Approval.Engine.Parsing;

namespace Approval.Benchmarks;

/// <summary>
/// How much public BPMN the engine deploys (issue 16: "1,255 BPMN files from public projects deploy at 24 %"): every
/// <c>*.bpmn</c> and <c>*.bpmn20.xml</c> under a directory goes through the deploy path's decoding and parser, and the
/// refusals are counted by problem code and by source (the directory's first level, one per project).
/// A measurement of breadth, not of speed: nothing is timed.
/// </summary>
internal static class CorpusReport
{
    // What the application deploys with, minus what names its own handlers and forms: no public model knows those,
    // so checking them would refuse nearly every file for a reason that says nothing about the engine.
    private static readonly BpmnParserOptions Options = new()
    {
        KnownTopics = null, KnownFormKeys = null, KnownSendTopics = null, Limits = EngineLimits.Default,
    };

    public static int Run(string directory, string? problemsFile)
    {
        if (!Directory.Exists(directory))
        {
            Console.Error.WriteLine($"No directory '{directory}'.");
            return 2;
        }
        var root = Path.GetFullPath(directory);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".bpmn", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".bpmn20.xml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var outcomes = files.Select(f => (Path: Path.GetRelativePath(root, f), Problems: Deploy(f))).ToList();

        Console.WriteLine("Corpus: which BPMN files the engine would deploy. A measurement of breadth, not a timed benchmark.");
        Console.WriteLine($"Directory: {root}");
        Console.WriteLine("Deploy path: bytes decoded as the API does (BpmnText.Decode, Approval:Limits:MaxBpmnBytes default), then");
        Console.WriteLine("  BpmnParser.Parse with EngineLimits.Default (the app binds no overrides) and KnownTopics, KnownFormKeys and");
        Console.WriteLine("  KnownSendTopics null: service-task topics, camunda:formKey and send-task topics are NOT checked (they name");
        Console.WriteLine("  the app's own handlers and forms, which no public model uses).");
        Console.WriteLine();
        var deployed = outcomes.Count(o => o.Problems.Count == 0);
        Console.WriteLine($"Files: {files.Count:N0}   deploy: {deployed:N0}   rate: {Rate(deployed, files.Count)}");
        Console.WriteLine();
        PrintCodes(outcomes);
        Console.WriteLine();
        PrintSources(outcomes);
        if (problemsFile is not null)
        {
            File.WriteAllLines(problemsFile, outcomes.SelectMany(o => o.Problems.Select(p =>
                string.Join('\t', o.Path, p.Code, p.Where ?? "", p.Line?.ToString(CultureInfo.InvariantCulture) ?? "", OneLine(p.Message)))));
            Console.WriteLine();
            Console.WriteLine($"Every problem (path, code, element, line, message): {problemsFile}");
        }
        return 0;
    }

    private static IReadOnlyList<Problem> Deploy(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var maxBytes = new LimitsOptions().MaxBpmnBytes;
        if (bytes.Length > maxBytes) return [new Problem("body-too-large", null, $"{bytes.Length:N0} bytes")];
        var xml = BpmnText.Decode(bytes, out var undecodable);
        if (xml is null) return [undecodable!];
        try
        {
            return BpmnParser.Parse(xml, Options).Problems;
        }
        catch (Exception ex)
        {
            // The parser promises never to throw on user input; a file that makes it throw is a finding to report
            // under its own code, not a reason to stop measuring the rest.
            return [new Problem("parser-threw:" + ex.GetType().Name, null, ex.Message)];
        }
    }

    private static void PrintCodes(List<(string Path, IReadOnlyList<Problem> Problems)> outcomes)
    {
        var byCode = outcomes
            .SelectMany(o => o.Problems.Select(p => p.Code).Distinct().Select(code => (Code: code, o.Path)))
            .GroupBy(x => x.Code)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        Console.WriteLine("Refusals by problem code (files refused with it; a file counts once per code, and may have several codes)");
        Console.WriteLine($"{"code",-32} {"files",6}  example");
        foreach (var group in byCode)
            Console.WriteLine($"{group.Key,-32} {group.Count(),6}  {group.First().Path}");
    }

    private static void PrintSources(List<(string Path, IReadOnlyList<Problem> Problems)> outcomes)
    {
        Console.WriteLine("By source (first directory level)");
        Console.WriteLine($"{"source",-32} {"files",6} {"deploy",6}  rate");
        foreach (var source in outcomes.GroupBy(o => Source(o.Path)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ok = source.Count(o => o.Problems.Count == 0);
            Console.WriteLine($"{source.Key,-32} {source.Count(),6} {ok,6}  {Rate(ok, source.Count())}");
        }
    }

    private static string Source(string relativePath)
    {
        var slash = relativePath.IndexOfAny(['/', '\\']);
        return slash < 0 ? "." : relativePath[..slash];
    }

    private static string Rate(int part, int whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace('\t', ' ');
}
