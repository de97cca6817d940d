//! The declarations as data for Python (`_quanyu._DECLARATIONS`: what `quanyu._enums` builds
//! its enum classes from and what `make stubs` writes the stubs from), and the enum values'
//! way in and out.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyModule, PyString, PyTuple, PyType};
use quanyu::schema::{EnumSchema, FieldSchema, RecordSchema, Type, UnknownName, parse_in};

use super::Problems;
use super::value::describe;

/// A declared type waiting to be added to the module.
enum Listed {
    Record(&'static RecordSchema, ClassHooks),
    Enum(&'static EnumSchema),
}

/// What the registry does with a generated class: add it to the module, find its type
/// object, and keep a Python subclass that stands for it.
#[derive(Clone, Copy)]
struct ClassHooks {
    add: fn(&Bound<'_, PyModule>) -> PyResult<()>,
    mutable: bool,
    type_object: for<'py> fn(Python<'py>) -> Bound<'py, PyType>,
    subclass: &'static PyOnceLock<Py<PyType>>,
}

/// The generated classes, for [`_use_subclass`].
static CLASSES: std::sync::OnceLock<Vec<ClassHooks>> = std::sync::OnceLock::new();

thread_local! {
    /// The declarations listed by `quanyu_derive::python_register` statements, until
    /// [`Registry::register`] adds them.
    static LISTED: std::cell::RefCell<Vec<Listed>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The declared enums, for [`_parse_name`].
static ENUMS: std::sync::OnceLock<Vec<&'static EnumSchema>> = std::sync::OnceLock::new();

fn add_class<C: pyo3::PyClass>(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<C>()
}

fn type_object<'py, C: pyo3::PyTypeInfo>(py: Python<'py>) -> Bound<'py, PyType> {
    C::type_object(py)
}

/// The registration of the declared classes in the module.
pub(crate) struct Registry;

impl Registry {
    /// Lists the class `C` of the record declared by `schema`.
    pub(crate) fn list_record<C: pyo3::PyClass + super::Stored>(schema: &'static RecordSchema) {
        let hooks = ClassHooks {
            add: add_class::<C>,
            mutable: C::MUTABLE,
            type_object: type_object::<C>,
            subclass: C::subclass(),
        };
        LISTED.with(|l| l.borrow_mut().push(Listed::Record(schema, hooks)));
    }

    /// Lists an enum (its class is made in Python, by `quanyu._enums`).
    pub(crate) fn list_enum(schema: &'static EnumSchema) {
        LISTED.with(|l| l.borrow_mut().push(Listed::Enum(schema)));
    }

    /// Adds the listed classes to `module`, their descriptions as `_DECLARATIONS`, and
    /// `_parse_name`.
    pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
        let py = module.py();
        let listed = LISTED.with(|l| std::mem::take(&mut *l.borrow_mut()));
        let declarations = PyList::empty(py);
        let mut enums = Vec::new();
        let mut classes = Vec::new();
        for item in listed {
            match item {
                Listed::Record(schema, hooks) => {
                    (hooks.add)(module)?;
                    classes.push(hooks);
                    let d = describe_record(py, schema)?;
                    d.set_item("mutable", hooks.mutable)?;
                    declarations.append(d)?;
                }
                Listed::Enum(schema) => {
                    enums.push(schema);
                    declarations.append(describe_enum(py, schema)?)?;
                }
            }
        }
        // A second initialisation (a subinterpreter) finds the same list already there.
        let _ = ENUMS.set(enums);
        let _ = CLASSES.set(classes);
        module.add_function(wrap_pyfunction!(_parse_name, module)?)?;
        module.add_function(wrap_pyfunction!(_use_subclass, module)?)?;
        module.add("_DECLARATIONS", declarations)
    }
}

/// A type as nested tuples: `("text",)`, `("optional", ("enum", "Role"))`, ...
fn describe_type<'py>(py: Python<'py>, t: &Type) -> PyResult<Bound<'py, PyTuple>> {
    let leaf = |tag: &str| PyTuple::new(py, [PyString::new(py, tag)]);
    let named =
        |tag: &str, name: &str| PyTuple::new(py, [PyString::new(py, tag), PyString::new(py, name)]);
    let nested = |tag: &str, inner: &[&Type]| -> PyResult<Bound<'py, PyTuple>> {
        let mut items: Vec<Bound<'py, PyAny>> = vec![PyString::new(py, tag).into_any()];
        for t in inner {
            items.push(describe_type(py, t)?.into_any());
        }
        PyTuple::new(py, items)
    };
    match t {
        Type::Text => leaf("text"),
        Type::Secret => leaf("secret"),
        Type::Bool => leaf("bool"),
        Type::Int { .. } => leaf("int"),
        Type::Float => leaf("float"),
        Type::Date => leaf("date"),
        Type::DateTime => leaf("datetime"),
        Type::Time => leaf("time"),
        Type::Weekday => leaf("weekday"),
        Type::Level => leaf("level"),
        Type::Enum(e) => named("enum", e.name),
        Type::Record(r) => named("record", r.name),
        Type::Union(u) => named("union", u.name),
        Type::Optional(t) => nested("optional", &[t]),
        Type::List(t) => nested("list", &[t]),
        Type::Pair(a, b) => nested("pair", &[a, b]),
        Type::Map(k, v) => nested("map", &[k, v]),
        _ => leaf("object"),
    }
}

fn describe_field<'py>(py: Python<'py>, f: &FieldSchema) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("name", f.name)?;
    d.set_item("doc", f.doc)?;
    d.set_item("type", describe_type(py, &(f.value)())?)?;
    d.set_item("required", f.required)?;
    d.set_item("class", format!("{:?}", f.class))?;
    d.set_item("mask", f.mask.map(|m| m.as_str()))?;
    Ok(d)
}

fn describe_record<'py>(py: Python<'py>, s: &'static RecordSchema) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("kind", "record")?;
    d.set_item("name", s.name)?;
    d.set_item("doc", s.doc)?;
    d.set_item("table", s.table)?;
    let fields = PyList::empty(py);
    for f in s.fields {
        fields.append(describe_field(py, f)?)?;
    }
    d.set_item("fields", fields)?;
    Ok(d)
}

fn describe_enum<'py>(py: Python<'py>, s: &'static EnumSchema) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("kind", "enum")?;
    d.set_item("name", s.name)?;
    d.set_item("what", s.what)?;
    d.set_item("doc", s.doc)?;
    let variants = PyList::empty(py);
    for v in s.variants {
        let vd = PyDict::new(py);
        vd.set_item("name", v.name)?;
        vd.set_item("zh", v.zh)?;
        vd.set_item("aliases", v.aliases.to_vec())?;
        vd.set_item("doc", v.doc)?;
        variants.append(vd)?;
    }
    d.set_item("variants", variants)?;
    Ok(d)
}

/// The member `index` of the Python enum class `name` of `quanyu._enums` (the members are
/// looked up once per class and kept).
pub(crate) fn enum_member<'py>(
    py: Python<'py>,
    members: &PyOnceLock<Vec<Py<PyAny>>>,
    name: &str,
    index: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let list = members.get_or_try_init(py, || -> PyResult<Vec<Py<PyAny>>> {
        let class = py.import("quanyu._enums")?.getattr(name)?;
        class.try_iter()?.map(|m| m.map(Bound::unbind)).collect()
    })?;
    list.get(index).map(|m| m.bind(py).clone()).ok_or_else(|| {
        pyo3::exceptions::PyRuntimeError::new_err(format!("{name} has no member {index}"))
    })
}

/// An enum value from any of its names (an enum member is a `str` too).
pub(crate) fn parse_enum<E: quanyu::schema::Enum>(
    obj: &Bound<'_, PyAny>,
    problems: &mut Problems,
) -> Option<E> {
    let Ok(s) = obj.cast::<PyString>() else {
        problems.type_error(format!(
            "expected a {} name (str), got {}",
            E::SCHEMA.what,
            describe(obj)
        ));
        return None;
    };
    let text = s.to_str().unwrap_or_default();
    match parse_in(E::SCHEMA, text) {
        Ok(i) => E::from_index(i),
        Err(e) => {
            problems.value_error(UnknownName::to_string(&e));
            None
        }
    }
}

/// `_quanyu._parse_name(enum, text)`: the English name of the value of the declared enum
/// `enum` that `text` names (used by the enum classes for Chinese names and other spellings).
#[pyfunction]
pub(crate) fn _parse_name(enum_name: &str, text: &str) -> PyResult<Option<&'static str>> {
    Ok(ENUMS
        .get()
        .into_iter()
        .flatten()
        .find(|s| s.name == enum_name)
        .and_then(|s| parse_in(s, text).ok().map(|i| s.variants[i].name)))
}

/// `_quanyu._use_subclass(cls)`: values of the generated class that `cls` extends are made as
/// `cls` from now on (how `quanyu` adds Python methods, such as a report's tables, to a
/// declared class). Returns the name of the class extended.
#[pyfunction]
pub(crate) fn _use_subclass(cls: &Bound<'_, PyType>) -> PyResult<String> {
    let py = cls.py();
    for hooks in CLASSES.get().into_iter().flatten() {
        let base = (hooks.type_object)(py);
        if !cls.is(&base) && cls.is_subclass(&base)? {
            // A second registration for the same class keeps the first (module reloads).
            let _ = hooks.subclass.set(py, cls.clone().unbind());
            return Ok(base.name()?.to_string());
        }
    }
    Err(pyo3::exceptions::PyTypeError::new_err(format!(
        "{} does not extend a declared record class of quanyu",
        cls.name()?
    )))
}
