using System.Xml;
using System.Xml.Linq;
using Approval.Engine.Limits;

namespace Approval.Engine.Parsing;

/// <summary>
/// Loads the XML of a BPMN document safely: no DTD (entity expansion, external entities), and a streaming check of
/// nesting depth and element count before any tree is built, so a hostile document is refused with one problem
/// instead of exhausting the stack or the CPU.
/// </summary>
internal static class BpmnDocumentReader
{
    private static XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreProcessingInstructions = true,
    };

    public static XDocument? Load(string xml, EngineLimits limits, out Problem? problem)
    {
        try
        {
            problem = CheckShape(xml, limits);
            if (problem is not null) return null;
            using var reader = XmlReader.Create(new StringReader(xml), Settings());
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.Ordinal))
        {
            problem = new Problem(ProblemCodes.DtdProhibited, null,
                "The document declares a DTD (<!DOCTYPE …>); BPMN files need none, and it is refused for safety.", ex.LineNumber);
        }
        catch (XmlException ex)
        {
            problem = new Problem(ProblemCodes.MalformedXml, null, $"The document is not well-formed XML: {ex.Message}", ex.LineNumber);
        }
        return null;
    }

    /// <summary>One forward pass; stops at the first element beyond a limit.</summary>
    private static Problem? CheckShape(string xml, EngineLimits limits)
    {
        using var reader = XmlReader.Create(new StringReader(xml), Settings());
        var info = (IXmlLineInfo)reader;
        var elements = 0;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (reader.Depth >= limits.MaxXmlDepth)
                return new Problem(ProblemCodes.TooDeep, null,
                    $"Elements nest more than {limits.MaxXmlDepth} deep (Approval:Limits:MaxXmlDepth); nested sub-processes this deep are refused.", info.LineNumber);
            if (++elements > limits.MaxXmlElements)
                return new Problem(ProblemCodes.TooManyElements, null,
                    $"The document holds more than {limits.MaxXmlElements:N0} elements (Approval:Limits:MaxXmlElements).", info.LineNumber);
        }
        return null;
    }
}
