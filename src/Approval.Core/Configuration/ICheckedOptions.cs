namespace Approval.Core.Configuration;

/// <summary>A feature's options that know their valid ranges: checked when the server starts (<see cref="CheckedOptions"/>).</summary>
public interface ICheckedOptions
{
    /// <summary>Adds a problem for each value out of its range, named by its key.</summary>
    void Check(OptionsProblems problems);
}
