using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;

namespace Replicate.Tools.PublicApi;

/// <summary>
/// Lists the public surface of a built assembly — every type a consumer can name and every member it can call,
/// with C# signatures including nullable annotations — as sorted text: the same API gives the same bytes on any
/// machine and from any build folder. The assembly is read through <see cref="MetadataLoadContext"/>, never
/// loaded for execution, so the tool needs no reference to it (PublicApiGenerator is not on the package mirror).
/// </summary>
internal static class ApiLister
{
    private static readonly Dictionary<string, string> Keywords = new(StringComparer.Ordinal)
    {
        ["System.Void"] = "void", ["System.Boolean"] = "bool", ["System.Byte"] = "byte", ["System.SByte"] = "sbyte",
        ["System.Char"] = "char", ["System.Decimal"] = "decimal", ["System.Double"] = "double", ["System.Single"] = "float",
        ["System.Int16"] = "short", ["System.UInt16"] = "ushort", ["System.Int32"] = "int", ["System.UInt32"] = "uint",
        ["System.Int64"] = "long", ["System.UInt64"] = "ulong", ["System.Object"] = "object", ["System.String"] = "string",
        ["System.IntPtr"] = "nint", ["System.UIntPtr"] = "nuint",
    };

    private static readonly HashSet<string> ImplicitBases = new(StringComparer.Ordinal)
    {
        "System.Object", "System.ValueType", "System.Enum", "System.MulticastDelegate",
    };

    /// <summary>The listing of the assembly at <paramref name="assemblyPath"/>.</summary>
    /// <exception cref="ApiListingException">The file is missing, not an assembly, or a type it exposes cannot be resolved.</exception>
    public static string List(string assemblyPath, IEnumerable<string>? referenceDirectories = null, IEnumerable<string>? packageFolders = null)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new ApiListingException($"{assemblyPath}: no such file (build it first: 'make build')");
        }

        var resolver = new PathAssemblyResolver(ReferencePaths(Path.GetFullPath(assemblyPath), referenceDirectories ?? [], packageFolders ?? []));
        using var context = new MetadataLoadContext(resolver);
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
            return Write(assembly);
        }
        catch (FileNotFoundException e)
        {
            throw new ApiListingException($"{assemblyPath}: a dependency could not be found ({e.Message}); pass its folder with --reference");
        }
        catch (BadImageFormatException)
        {
            throw new ApiListingException($"{assemblyPath}: not a .NET assembly");
        }
    }

    // The runtime's own assemblies, the assembly's folder, the packages its deps.json names (a class library's
    // build output does not copy them), and any folders given.
    private static List<string> ReferencePaths(string assemblyPath, IEnumerable<string> extra, IEnumerable<string> packageFolders)
    {
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var version = new DirectoryInfo(runtime).Name;
        var shared = Path.GetFullPath(Path.Combine(runtime, "..", ".."));

        // One file per assembly name, first found wins: the packages the build referenced, the assembly's folder and
        // given folders, then the shared frameworks. A name found twice (Microsoft.Extensions.* ships both as a
        // package and in the ASP.NET Core framework) would otherwise be loaded twice and refused.
        var folders = new List<string> { Path.GetDirectoryName(assemblyPath)! };
        folders.AddRange(extra);
        folders.Add(runtime);
        folders.Add(Path.Combine(shared, "Microsoft.AspNetCore.App", version));
        var files = PackageAssemblies(Path.ChangeExtension(assemblyPath, ".deps.json"), packageFolders).ToList();
        files.AddRange(folders.Where(Directory.Exists).SelectMany(f => Directory.EnumerateFiles(f, "*.dll")));
        return files.DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>The package assemblies a <c>.deps.json</c> names, found in the given package folders or NuGet's default one.</summary>
    internal static IEnumerable<string> PackageAssemblies(string depsFile, IEnumerable<string> packageFolders)
    {
        if (!File.Exists(depsFile))
        {
            return [];
        }

        var roots = packageFolders
            .Append(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? "")
            .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"))
            .Where(r => r.Length > 0 && Directory.Exists(r))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var deps = JsonNode.Parse(File.ReadAllText(depsFile)) as JsonObject;
        var libraries = deps?["libraries"] as JsonObject ?? [];
        var result = new List<string>();
        foreach (var (_, target) in deps?["targets"] as JsonObject ?? [])
        {
            foreach (var (library, entry) in target as JsonObject ?? [])
            {
                if (libraries[library]?["type"]?.GetValue<string>() != "package" || libraries[library]?["path"]?.GetValue<string>() is not { } packagePath)
                {
                    continue;
                }

                foreach (var (asset, _) in entry?["runtime"] as JsonObject ?? [])
                {
                    if (roots.Select(root => Path.Combine(root, packagePath, asset)).FirstOrDefault(File.Exists) is { } file)
                    {
                        result.Add(file);
                    }
                }
            }
        }

        return result;
    }

    private static string Write(Assembly assembly)
    {
        var text = new StringBuilder();
        text.Append("// Public API of ").Append(assembly.GetName().Name)
            .Append(". Written by 'make accept-api'; a test compares it with the build. Do not edit by hand.\n");
        var types = assembly.GetTypes().Where(IsVisible).ToList();
        foreach (var group in types.GroupBy(t => t.Namespace ?? "").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append('\n').Append("namespace ").Append(group.Key.Length == 0 ? "<global>" : group.Key).Append('\n');
            foreach (var type in group.Select(t => (Type: t, Name: DeclaredName(t))).OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                WriteType(text, type.Type);
            }
        }

        return text.ToString();
    }

    private static bool IsVisible(Type type)
    {
        if (type.Name.Contains('<', StringComparison.Ordinal))
        {
            return false;
        }

        if (type.IsNested)
        {
            return (type.IsNestedPublic || type.IsNestedFamily || type.IsNestedFamORAssem) && IsVisible(type.DeclaringType!);
        }

        return type.IsPublic;
    }

    private static void WriteType(StringBuilder text, Type type)
    {
        text.Append('\n').Append(TypeHeader(type)).Append('\n');
        if (IsDelegate(type))
        {
            return;
        }

        text.Append("{\n");
        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Select(f => (f.Name, Value: Convert.ToDecimal(f.GetRawConstantValue(), CultureInfo.InvariantCulture)))
                .OrderBy(f => f.Value).ThenBy(f => f.Name, StringComparer.Ordinal))
            {
                text.Append("    ").Append(field.Name).Append(" = ").Append(field.Value.ToString(CultureInfo.InvariantCulture)).Append(",\n");
            }

            text.Append("}\n");
            return;
        }

        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var nullability = new NullabilityInfoContext();

        // Constructors, fields, properties, events, methods; each group by member name, overloads by signature.
        var lines = new List<(int Order, string Name, string Line)>();
        lines.AddRange(type.GetConstructors(declared).Where(c => IsVisible(c)).Select(c => (0, "", Constructor(c, nullability))));
        lines.AddRange(type.GetFields(declared).Where(f => IsVisible(f) && !f.Name.Contains('<', StringComparison.Ordinal))
            .Select(f => (1, f.Name, Field(f, nullability))));
        lines.AddRange(type.GetProperties(declared).Select(p => (p.Name, Line: Property(p, nullability))).Where(p => p.Line is not null)
            .Select(p => (2, p.Name, p.Line!)));
        lines.AddRange(type.GetEvents(declared).Where(e => e.AddMethod is { } add && IsVisible(add)).Select(e => (3, e.Name, Event(e, nullability))));
        lines.AddRange(type.GetMethods(declared)
            .Where(m => IsVisible(m) && (!m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal)) && !m.Name.Contains('<', StringComparison.Ordinal))
            .Select(m => (4, m.Name, Method(m, nullability, type.IsInterface))));
        foreach (var (_, _, line) in lines.OrderBy(l => l.Order).ThenBy(l => l.Name, StringComparer.Ordinal).ThenBy(l => l.Line, StringComparer.Ordinal))
        {
            text.Append("    ").Append(line).Append('\n');
        }

        text.Append("}\n");
    }

    private static bool IsDelegate(Type type) => type.BaseType?.FullName == "System.MulticastDelegate";

    private static bool IsVisible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static bool IsVisible(FieldInfo field) => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly;

    private static string Access(MethodBase method) => method.IsPublic ? "public" : "protected";

    private static string Access(FieldInfo field) => field.IsPublic ? "public" : "protected";

    private static string DeclaredName(Type type)
    {
        var name = StripArity(type.Name);
        if (type.IsGenericTypeDefinition)
        {
            var own = type.GetGenericArguments().Skip(type.DeclaringType?.GetGenericArguments().Length ?? 0).Select(a => a.Name).ToList();
            if (own.Count > 0)
            {
                name += "<" + string.Join(", ", own) + ">";
            }
        }

        return type.DeclaringType is { } outer ? DeclaredName(outer) + "." + name : name;
    }

    private static string StripArity(string name) => name.IndexOf('`', StringComparison.Ordinal) is var tick and >= 0 ? name[..tick] : name;

    private static string TypeHeader(Type type)
    {
        var access = type.IsPublic || type.IsNestedPublic ? "public" : "protected";
        if (IsDelegate(type))
        {
            var invoke = type.GetMethod("Invoke")!;
            var nullability = new NullabilityInfoContext();
            return $"{access} delegate {TypeName(invoke.ReturnType, nullability.Create(invoke.ReturnParameter))} {DeclaredName(type)}({Parameters(invoke, nullability)}){Constraints(type.GetGenericArguments())};";
        }

        string kind;
        if (type.IsInterface)
        {
            kind = "interface";
        }
        else if (type.IsEnum)
        {
            var underlying = Enum.GetUnderlyingType(type);
            return $"{access} enum {DeclaredName(type)}{(underlying.FullName == "System.Int32" ? "" : " : " + TypeName(underlying, null))}";
        }
        else if (type.IsValueType)
        {
            kind = HasAttribute(type.CustomAttributes, "System.Runtime.CompilerServices.IsReadOnlyAttribute") ? "readonly struct" : "struct";
        }
        else
        {
            kind = type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";
        }

        var bases = new List<string>();
        if (type.BaseType is { } baseType && !ImplicitBases.Contains(baseType.FullName ?? ""))
        {
            bases.Add(TypeName(baseType, null));
        }

        bases.AddRange(type.GetInterfaces().Where(IsVisible).Select(i => TypeName(i, null)).Order(StringComparer.Ordinal));
        var header = $"{access} {kind} {DeclaredName(type)}";
        if (bases.Count > 0)
        {
            header += " : " + string.Join(", ", bases);
        }

        return header + Constraints(type.IsGenericTypeDefinition ? type.GetGenericArguments() : []);
    }

    private static string Constructor(ConstructorInfo constructor, NullabilityInfoContext nullability) =>
        $"{Access(constructor)}{(constructor.IsStatic ? " static" : "")} {StripArity(constructor.DeclaringType!.Name)}({Parameters(constructor, nullability)});";

    private static string Field(FieldInfo field, NullabilityInfoContext nullability)
    {
        var type = TypeName(field.FieldType, nullability.Create(field), UniformFlag(field.CustomAttributes, field));
        if (field.IsLiteral)
        {
            return $"{Access(field)} const {type} {field.Name} = {Literal(field.GetRawConstantValue(), field.FieldType)};";
        }

        var modifiers = (field.IsStatic ? " static" : "") + (field.IsInitOnly ? " readonly" : "");
        return $"{Access(field)}{modifiers} {type} {field.Name};";
    }

    private static string? Property(PropertyInfo property, NullabilityInfoContext nullability)
    {
        var getter = property.GetMethod is { } g && IsVisible(g) ? g : null;
        var setter = property.SetMethod is { } s && IsVisible(s) ? s : null;
        var main = getter ?? setter;
        if (main is null)
        {
            return null;
        }

        var access = getter?.IsPublic == true || setter?.IsPublic == true ? "public" : "protected";
        var accessors = new StringBuilder();
        if (getter is not null)
        {
            accessors.Append(Access(getter) == access ? "" : Access(getter) + " ").Append("get; ");
        }

        if (setter is not null)
        {
            var isInit = setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
            accessors.Append(Access(setter) == access ? "" : Access(setter) + " ").Append(isInit ? "init; " : "set; ");
        }

        var indexParameters = property.GetIndexParameters();
        var name = indexParameters.Length == 0
            ? property.Name
            : $"this[{string.Join(", ", indexParameters.Select(p => Parameter(p, nullability)))}]";
        return $"{access}{Modifiers(main, main.DeclaringType!.IsInterface)} {TypeName(property.PropertyType, nullability.Create(property), UniformFlag(property.CustomAttributes, property))} {name} {{ {accessors}}}";
    }

    private static string Event(EventInfo @event, NullabilityInfoContext nullability) =>
        $"{Access(@event.AddMethod!)}{Modifiers(@event.AddMethod!, @event.DeclaringType!.IsInterface)} event {TypeName(@event.EventHandlerType!, nullability.Create(@event))} {@event.Name};";

    private static string Method(MethodInfo method, NullabilityInfoContext nullability, bool inInterface)
    {
        var generic = method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : "";
        var returnType = TypeName(method.ReturnType, nullability.Create(method.ReturnParameter), UniformFlag(method.ReturnParameter.CustomAttributes, method));
        return $"{Access(method)}{Modifiers(method, inInterface)} {returnType} {method.Name}{generic}({Parameters(method, nullability)})"
            + Constraints(method.IsGenericMethodDefinition ? method.GetGenericArguments() : []) + ";";
    }

    private static string Modifiers(MethodInfo method, bool inInterface)
    {
        if (method.IsStatic)
        {
            return method.IsAbstract ? " static abstract" : " static";
        }

        if (inInterface)
        {
            // Interface members are abstract by default; only a default implementation is worth saying.
            return method.IsAbstract ? "" : " virtual";
        }

        var isOverride = method.IsVirtual && (method.Attributes & MethodAttributes.NewSlot) == 0;
        if (method.IsAbstract)
        {
            return isOverride ? " abstract override" : " abstract";
        }

        if (isOverride)
        {
            return method.IsFinal ? " sealed override" : " override";
        }

        return method.IsVirtual && !method.IsFinal ? " virtual" : "";
    }

    private static string Parameters(MethodBase method, NullabilityInfoContext nullability) =>
        string.Join(", ", method.GetParameters().Select(p => Parameter(p, nullability)));

    private static string Parameter(ParameterInfo parameter, NullabilityInfoContext nullability)
    {
        var type = parameter.ParameterType;
        var prefix = "";
        if (type.IsByRef)
        {
            prefix = parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ";
            type = type.GetElementType()!;
        }
        else if (HasAttribute(parameter.CustomAttributes, "System.ParamArrayAttribute"))
        {
            prefix = "params ";
        }

        if (parameter.Position == 0 && HasAttribute(parameter.Member.CustomAttributes, "System.Runtime.CompilerServices.ExtensionAttribute"))
        {
            prefix = "this " + prefix;
        }

        var text = $"{prefix}{TypeName(type, nullability.Create(parameter), UniformFlag(parameter.CustomAttributes, parameter.Member))} {parameter.Name}";
        if (parameter.HasDefaultValue)
        {
            text += " = " + Literal(parameter.RawDefaultValue, type);
        }

        return text;
    }

    // NullabilityInfoContext reports an unconstrained type parameter as nullable whether or not it was written `T?`. The
    // compiler's own record says: the member's NullableAttribute, else the nearest NullableContextAttribute. When that is
    // one flag for the whole signature (1 not null, 2 nullable) it holds for every type parameter in it; a per-position
    // array (a signature mixing both) returns null, and the listing falls back to NullabilityInfo.
    private static byte? UniformFlag(IEnumerable<CustomAttributeData> own, MemberInfo? scope)
    {
        static (bool Found, byte? Flag) Read(IEnumerable<CustomAttributeData> attributes, string name) =>
            attributes.FirstOrDefault(a => a.AttributeType.FullName == name)?.ConstructorArguments.FirstOrDefault().Value switch
            {
                byte b => (true, b),
                IReadOnlyCollection<CustomAttributeTypedArgument> { Count: > 0 } bytes when bytes.Select(x => (byte)x.Value!).Distinct().Count() == 1 => (true, (byte)bytes.First().Value!),
                IReadOnlyCollection<CustomAttributeTypedArgument> => (true, null),
                _ => (false, null),
            };

        var (found, flag) = Read(own, "System.Runtime.CompilerServices.NullableAttribute");
        for (var member = scope; !found && member is not null; member = member.DeclaringType)
        {
            (found, flag) = Read(member.CustomAttributes, "System.Runtime.CompilerServices.NullableContextAttribute");
        }

        return flag;
    }

    private static string Literal(object? value, Type type) => value switch
    {
        null => type.IsValueType ? "default" : "null",
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        bool b => b ? "true" : "false",
        char c => "'" + c + "'",
        IFormattable f when type.IsEnum => $"({TypeName(type, null)}){f.ToString(null, CultureInfo.InvariantCulture)}",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Constraints(Type[] parameters)
    {
        var clauses = new List<string>();
        foreach (var parameter in parameters.Where(p => p.IsGenericParameter))
        {
            var items = new List<string>();
            var attributes = parameter.GenericParameterAttributes;
            if ((attributes & GenericParameterAttributes.NotNullableValueTypeConstraint) != 0)
            {
                items.Add("struct");
            }
            else if ((attributes & GenericParameterAttributes.ReferenceTypeConstraint) != 0)
            {
                items.Add("class");
            }

            items.AddRange(parameter.GetGenericParameterConstraints()
                .Where(c => c.FullName != "System.ValueType")
                .Select(c => TypeName(c, null)).Order(StringComparer.Ordinal));
            if ((attributes & GenericParameterAttributes.DefaultConstructorConstraint) != 0
                && (attributes & GenericParameterAttributes.NotNullableValueTypeConstraint) == 0)
            {
                items.Add("new()");
            }

            if (items.Count > 0)
            {
                clauses.Add($" where {parameter.Name} : {string.Join(", ", items)}");
            }
        }

        return string.Concat(clauses);
    }

    private static bool HasAttribute(IEnumerable<CustomAttributeData> attributes, string fullName) =>
        attributes.Any(a => a.AttributeType.FullName == fullName);

    /// <summary>A C# type name, fully qualified, with <c>?</c> where the metadata says the reference may be null.</summary>
    private static string TypeName(Type type, NullabilityInfo? nullability, byte? genericFlag = null)
    {
        if (type.IsByRef)
        {
            return "ref " + TypeName(type.GetElementType()!, nullability, genericFlag);
        }

        if (type.IsGenericParameter)
        {
            return type.Name + (genericFlag is { } flag ? (flag == 2 ? "?" : "") : Question(type, nullability));
        }

        if (type.IsArray)
        {
            var rank = type.GetArrayRank();
            return TypeName(type.GetElementType()!, nullability?.ElementType, genericFlag) + "[" + new string(',', rank - 1) + "]" + Question(type, nullability);
        }

        if (type.IsPointer)
        {
            return TypeName(type.GetElementType()!, null) + "*";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1")
        {
            return TypeName(type.GetGenericArguments()[0], nullability?.GenericTypeArguments.FirstOrDefault()) + "?";
        }

        if (type.FullName is { } full && Keywords.TryGetValue(full, out var keyword))
        {
            return keyword + Question(type, nullability);
        }

        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        var name = StripArity(definition.Name);
        for (var outer = definition.DeclaringType; outer is not null; outer = outer.DeclaringType)
        {
            name = StripArity(outer.Name) + "." + name;
        }

        if (!string.IsNullOrEmpty(definition.Namespace))
        {
            name = definition.Namespace + "." + name;
        }

        if (type.IsGenericType)
        {
            var arguments = type.GetGenericArguments();
            var argumentNullability = nullability?.GenericTypeArguments;
            name += "<" + string.Join(", ", arguments.Select((a, i) =>
                TypeName(a, argumentNullability is { Length: > 0 } && i < argumentNullability.Length ? argumentNullability[i] : null, genericFlag))) + ">";
        }

        return name + Question(type, nullability);
    }

    private static string Question(Type type, NullabilityInfo? nullability) =>
        !type.IsValueType && nullability?.ReadState == NullabilityState.Nullable ? "?" : "";
}

/// <summary>An assembly cannot be listed; the message says why, in one line.</summary>
internal sealed class ApiListingException(string message) : Exception(message);
