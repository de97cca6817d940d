//! The vocabulary of the menu: venue kinds, features, who may book, booking status and the
//! reasons an occurrence stays unplaced.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Proximity;
use crate::schema::{Enum, fold};

/// The kind of a venue on the shared-venue menu. The first four are the
/// deliberation venues (议事阵地).
///
/// ```
/// use quanyu::venues::VenueKind;
/// assert_eq!("community pavilion".parse::<VenueKind>(), Ok(VenueKind::CommunityPavilion));
/// assert!(VenueKind::ParkHall.is_deliberation());
/// assert!(!VenueKind::Classroom.is_deliberation());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "venue kind")]
pub enum VenueKind {
    /// 楼组议事庭院 — a building courtyard for deliberation among neighbours.
    #[named(zh = "楼组议事庭院")]
    BuildingCourtyard,
    /// 社区议事亭 — a community pavilion.
    #[named(zh = "社区议事亭")]
    CommunityPavilion,
    /// 园区议事厅 — a park (industrial or science park) hall.
    #[named(zh = "园区议事厅")]
    ParkHall,
    /// 网上议事厅 — an online hall: no travel, no seat limit.
    #[named(zh = "网上议事厅")]
    OnlineHall,
    /// 党群服务站 — a Party–mass service station.
    #[named(zh = "党群服务站")]
    ServiceStation,
    /// 会议室 — a meeting room.
    #[named(zh = "会议室")]
    MeetingRoom,
    /// 活动室 — an activity room.
    #[named(zh = "活动室")]
    ActivityRoom,
    /// 教室 — a classroom (schools, training centres).
    #[named(zh = "教室")]
    Classroom,
    /// 运动场 — a sports ground.
    #[named(zh = "运动场")]
    SportsGround,
}

impl VenueKind {
    /// Whether this is one of the four deliberation venues (议事阵地): building courtyard,
    /// community pavilion, park hall, online hall.
    ///
    /// ```
    /// assert!(quanyu::venues::VenueKind::OnlineHall.is_deliberation());
    /// ```
    pub fn is_deliberation(self) -> bool {
        matches!(
            self,
            VenueKind::BuildingCourtyard
                | VenueKind::CommunityPavilion
                | VenueKind::ParkHall
                | VenueKind::OnlineHall
        )
    }

    /// Whether the venue is online (网上议事厅): it has no seat limit and costs no travel.
    ///
    /// ```
    /// assert!(quanyu::venues::VenueKind::OnlineHall.is_online());
    /// ```
    pub fn is_online(self) -> bool {
        self == VenueKind::OnlineHall
    }
}

/// A feature a venue offers and a request may need. The set is fixed (a [`FeatureSet`] is
/// a bitset of these) so that matching compares features with one machine instruction.
///
/// ```
/// use quanyu::venues::Feature;
/// assert_eq!("step-free".parse::<Feature>(), Ok(Feature::StepFree));
/// assert_eq!("wi-fi".parse::<Feature>(), Ok(Feature::WiFi));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "venue feature")]
pub enum Feature {
    /// A projector.
    #[named(zh = "投影仪")]
    Projector,
    /// A large screen or display.
    #[named(zh = "显示屏")]
    Screen,
    /// Microphones and loudspeakers.
    #[named(zh = "音响")]
    SoundSystem,
    /// Video-conference equipment (for hybrid meetings).
    #[named(zh = "视频会议")]
    VideoConference,
    /// A whiteboard or blackboard.
    #[named(zh = "白板")]
    Whiteboard,
    /// Step-free access (无障碍).
    #[named(zh = "无障碍通道")]
    StepFree,
    /// An accessible toilet.
    #[named(zh = "无障碍卫生间")]
    AccessibleToilet,
    /// Air conditioning.
    #[named(zh = "空调")]
    AirConditioning,
    /// Heating.
    #[named(zh = "暖气")]
    Heating,
    /// Wireless internet.
    #[named(zh = "无线网络")]
    WiFi,
    /// A kitchen or tea room.
    #[named(zh = "茶水间")]
    Kitchen,
    /// Outdoors (courtyards, grounds).
    #[named(zh = "户外")]
    Outdoor,
    /// Parking nearby.
    #[named(zh = "停车场")]
    Parking,
    /// Live-streaming equipment.
    #[named(zh = "直播设备")]
    Livestream,
}

/// A feature set reads and writes as the list of its features.
impl crate::schema::Value for FeatureSet {
    fn value_type() -> crate::schema::Type {
        crate::schema::Type::List(Box::new(crate::schema::Type::Enum(Feature::SCHEMA)))
    }
}

/// A set of [`Feature`]s, as a bitset.
///
/// Written as the feature names joined by `;` (`"Projector;StepFree"`) in CSV and `Display`,
/// and as a JSON array of names. Parsing is lenient about case, `_`, `-` and spaces, and also
/// accepts `,` as a separator.
///
/// ```
/// use quanyu::venues::{Feature, FeatureSet};
/// let room: FeatureSet = "projector; step_free; wifi".parse()?;
/// let need = FeatureSet::from_iter([Feature::Projector, Feature::StepFree]);
/// assert!(room.covers(need));
/// assert!(!need.covers(room));
/// assert_eq!(need.to_string(), "Projector;StepFree");
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FeatureSet(u32);

impl FeatureSet {
    /// No features.
    pub const EMPTY: FeatureSet = FeatureSet(0);

    /// The set with `feature` added.
    ///
    /// ```
    /// use quanyu::venues::{Feature, FeatureSet};
    /// assert!(FeatureSet::EMPTY.with(Feature::Kitchen).contains(Feature::Kitchen));
    /// ```
    pub fn with(self, feature: Feature) -> FeatureSet {
        FeatureSet(self.0 | Self::bit(feature))
    }

    /// Whether `feature` is in the set.
    ///
    /// ```
    /// assert!(!quanyu::venues::FeatureSet::EMPTY.contains(quanyu::venues::Feature::Parking));
    /// ```
    pub fn contains(self, feature: Feature) -> bool {
        self.0 & Self::bit(feature) != 0
    }

    /// Whether every feature of `needed` is in this set.
    ///
    /// ```
    /// use quanyu::venues::FeatureSet;
    /// assert!(FeatureSet::EMPTY.covers(FeatureSet::EMPTY));
    /// ```
    pub fn covers(self, needed: FeatureSet) -> bool {
        self.0 & needed.0 == needed.0
    }

    /// Whether the set is empty.
    ///
    /// ```
    /// assert!(quanyu::venues::FeatureSet::EMPTY.is_empty());
    /// ```
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The number of features in the set.
    ///
    /// ```
    /// use quanyu::venues::{Feature, FeatureSet};
    /// assert_eq!(FeatureSet::from_iter([Feature::Screen, Feature::Screen]).len(), 1);
    /// ```
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The features, in declaration order.
    ///
    /// ```
    /// use quanyu::venues::{Feature, FeatureSet};
    /// let s = FeatureSet::from_iter([Feature::WiFi, Feature::Projector]);
    /// assert_eq!(s.iter().collect::<Vec<_>>(), [Feature::Projector, Feature::WiFi]);
    /// ```
    pub fn iter(self) -> impl Iterator<Item = Feature> {
        Feature::ALL
            .iter()
            .copied()
            .filter(move |f| self.contains(*f))
    }

    fn bit(feature: Feature) -> u32 {
        1u32 << (feature as u32)
    }
}

impl FromIterator<Feature> for FeatureSet {
    fn from_iter<I: IntoIterator<Item = Feature>>(iter: I) -> Self {
        iter.into_iter().fold(FeatureSet::EMPTY, FeatureSet::with)
    }
}

impl fmt::Display for FeatureSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, feature) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(";")?;
            }
            f.write_str(feature.as_str())?;
        }
        Ok(())
    }
}

impl FromStr for FeatureSet {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        s.split([';', ','])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| t.parse::<Feature>().map_err(String::from))
            .collect()
    }
}

impl Serialize for FeatureSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for FeatureSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let names = Vec::<Feature>::deserialize(d)?;
        Ok(names.into_iter().collect())
    }
}

/// Who may book a venue: part of its booking policy. The owner organisation and the
/// organisations under it may always book their own venue; beyond them:
///
/// ```
/// use quanyu::venues::BookingReach;
/// assert_eq!("same_area".parse::<BookingReach>(), Ok(BookingReach::SameArea));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "booking reach")]
pub enum BookingReach {
    /// Nobody else.
    #[named(zh = "仅本单位")]
    Owner,
    /// Requests whose requesting unit lies in the venue's grid (网格).
    #[named(zh = "本网格")]
    SameGrid,
    /// Requests whose requesting unit lies in the venue's area (片区).
    #[named(zh = "本片区")]
    SameArea,
    /// Requests from organisations of the owner's alliance (全域党建联盟): every organisation
    /// in the same organisation tree as the owner — the working committee, its branches and
    /// cells, and the alliance members that joined it — wherever the request comes from.
    #[named(zh = "党建联盟")]
    Alliance,
    /// Requests whose requesting unit lies in the venue's subdistrict (街道).
    #[named(zh = "本街道")]
    Subdistrict,
    /// Anyone.
    #[named(zh = "不限")]
    Anyone,
}

impl BookingReach {
    /// Whether a request may book a venue with this reach: `proximity` is how near the
    /// requesting unit is to the venue, `own` whether the requesting organisation is the owner
    /// or under it, `alliance` whether it is in the owner's organisation tree.
    pub(crate) fn allows(self, proximity: Proximity, own: bool, alliance: bool) -> bool {
        own || match self {
            BookingReach::Owner => false,
            BookingReach::SameGrid => proximity <= Proximity::SameGrid,
            BookingReach::SameArea => proximity <= Proximity::SameArea,
            BookingReach::Alliance => alliance,
            BookingReach::Subdistrict => proximity <= Proximity::SameSubdistrict,
            BookingReach::Anyone => true,
        }
    }
}

/// Whether a booking stands, or waits for the owner's approval (venues whose policy needs
/// approval). Either way its slots are taken: a venue is never double-booked.
///
/// ```
/// assert_eq!(quanyu::venues::BookingStatus::AwaitingApproval.to_string(), "AwaitingApproval");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "booking status")]
pub enum BookingStatus {
    /// Confirmed.
    #[named(zh = "已确认")]
    Confirmed,
    /// Placed, waiting for the owner's approval.
    #[named(zh = "待审批")]
    AwaitingApproval,
}

/// Why an occurrence of a request was not placed. The matcher filters the venues in this
/// order and reports the step that removed the last candidate.
///
/// ```
/// use quanyu::venues::Unplaced;
/// assert_eq!(Unplaced::AllBooked.describe(), "every candidate venue is booked at those times");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Enum)]
#[named(what = "unplaced reason")]
pub enum Unplaced {
    /// No venue of an acceptable kind with the needed features within the request's
    /// travel limit.
    #[named(zh = "范围内无合适阵地")]
    NoVenueInReach,
    /// Venues exist, but the booking policy of each forbids this requester.
    #[named(zh = "预约规则不允许")]
    PolicyForbids,
    /// The permitted venues are all too small for the attendees.
    #[named(zh = "容量不足")]
    CapacityTooSmall,
    /// The fitting venues are closed (weekly hours, exceptions, closures) throughout the
    /// request's windows, or open only for shorter stretches than the duration.
    #[named(zh = "该时段不开放")]
    ClosedAtThoseTimes,
    /// Fitting, open venues exist, but every placement is taken: by earlier bookings or by
    /// requests placed in the same batch.
    #[named(zh = "已约满")]
    AllBooked,
}

impl Unplaced {
    /// A sentence for people.
    ///
    /// ```
    /// assert!(quanyu::venues::Unplaced::PolicyForbids.describe().contains("policy"));
    /// ```
    pub fn describe(self) -> &'static str {
        match self {
            Unplaced::NoVenueInReach => "no venue with those features within reach",
            Unplaced::PolicyForbids => "the booking policy of every fitting venue forbids it",
            Unplaced::CapacityTooSmall => "every permitted venue is too small",
            Unplaced::ClosedAtThoseTimes => "every fitting venue is closed at those times",
            Unplaced::AllBooked => "every candidate venue is booked at those times",
        }
    }
}

/// Parses a [`Proximity`] leniently (`"same_area"`, `"SameArea"`, `"beyond"`).
pub(crate) fn parse_proximity(s: &str) -> Result<Proximity, String> {
    const ALL: [Proximity; 6] = [
        Proximity::SameBuilding,
        Proximity::SameCompound,
        Proximity::SameGrid,
        Proximity::SameArea,
        Proximity::SameSubdistrict,
        Proximity::Beyond,
    ];
    let folded = fold(s);
    ALL.iter()
        .copied()
        .find(|p| fold(&p.to_string()) == folded)
        .ok_or_else(|| {
            let names: Vec<String> = ALL.iter().map(ToString::to_string).collect();
            format!(
                "unknown proximity `{s}`; expected one of {}",
                names.join(", ")
            )
        })
}

/// The travel cost of a proximity tier: 0 (same building) to 4 (same subdistrict), 5 beyond.
pub(crate) fn travel_cost(p: Proximity) -> u8 {
    p.cost().map_or(5, |c| c.min(5) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_sets_round_trip_through_text_and_json() {
        let s: FeatureSet = "Projector, step free;WIFI".parse().unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s.to_string().parse::<FeatureSet>().unwrap(), s);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"["Projector","StepFree","WiFi"]"#);
        assert_eq!(serde_json::from_str::<FeatureSet>(&json).unwrap(), s);
        assert!("laser".parse::<FeatureSet>().unwrap_err().contains("laser"));
        assert!(Feature::ALL.len() <= 32);
    }

    #[test]
    fn reach_rules() {
        use BookingReach::*;
        assert!(Owner.allows(Proximity::Beyond, true, false));
        assert!(!Owner.allows(Proximity::SameBuilding, false, true));
        assert!(SameGrid.allows(Proximity::SameCompound, false, false));
        assert!(!SameGrid.allows(Proximity::SameArea, false, false));
        assert!(SameArea.allows(Proximity::SameArea, false, false));
        assert!(Alliance.allows(Proximity::Beyond, false, true));
        assert!(!Alliance.allows(Proximity::SameBuilding, false, false));
        assert!(Subdistrict.allows(Proximity::SameSubdistrict, false, false));
        assert!(!Subdistrict.allows(Proximity::Beyond, false, false));
        assert!(Anyone.allows(Proximity::Beyond, false, false));
    }

    #[test]
    fn proximity_names() {
        assert_eq!(parse_proximity("same_area"), Ok(Proximity::SameArea));
        assert_eq!(parse_proximity("Beyond"), Ok(Proximity::Beyond));
        assert!(parse_proximity("far").is_err());
        assert_eq!(travel_cost(Proximity::Beyond), 5);
        assert_eq!(travel_cost(Proximity::SameGrid), 2);
    }
}
